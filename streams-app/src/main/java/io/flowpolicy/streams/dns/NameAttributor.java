package io.flowpolicy.streams.dns;

import io.flowpolicy.model.DnsResolution;
import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;
import io.flowpolicy.model.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Names the external peers of flows: a flow from pod P to external IP X at time t gets the names P queried within
 * the window before t that resolved to X. Resolutions and flows are both keyed by source namespace and
 * co-partitioned, so a pod's queries are in the same task as its flows; Kafka Streams hands them over in timestamp
 * order, so a query is seen before the flow it preceded. With {@link PeerIdentity#FQDN} the peer becomes
 * {@code fqdn:<name>} (the most recently queried name; ties by name); otherwise it stays {@code external:<ip>} and
 * carries the names. Unnamed external peers may get a PTR hint. Every other flow passes unchanged.
 */
public final class NameAttributor implements Processor<String, NamingInput, String, EnrichedFlow> {
    public static final String QUERIED_STORE = "dns-queried";
    private static final char SEP = '\u0000';

    private final DnsSettings settings;
    private final NameResolver resolver;
    private ProcessorContext<String, EnrichedFlow> context;
    private KeyValueStore<String, QueryRanges> queried;

    public NameAttributor(DnsSettings settings, NameResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @Override
    public void init(ProcessorContext<String, EnrichedFlow> context) {
        this.context = context;
        this.queried = context.getStateStore(QUERIED_STORE);
    }

    @Override
    public void process(Record<String, NamingInput> record) {
        NamingInput input = record.value();
        if (input == null) {
            return;
        }
        if (input.resolution() != null) {
            remember(input.resolution());
        } else if (input.flow() != null) {
            context.forward(record.withValue(name(input.flow())));
        }
    }

    private void remember(DnsResolution r) {
        String key = prefix(r.namespace(), r.pod(), r.ip()) + r.name();
        QueryRanges known = queried.get(key);
        QueryRanges next = known == null ? QueryRanges.of(r.at()) : known.with(r.at(), settings.window());
        if (next != known) {
            queried.put(key, next);
        }
    }

    private EnrichedFlow name(EnrichedFlow flow) {
        Peer peer = flow.peer();
        if (!Peer.EXTERNAL.equals(peer.kind()) || flow.srcPod() == null
            || !EnrichedFlow.isPodNamespace(flow.srcNamespace())) {
            return flow;
        }
        Map<String, Instant> names = namesAt(flow.srcNamespace(), flow.srcPod(), peer.ip(),
            Timestamps.ofNanos(flow.ts()));
        Peer named;
        if (names.isEmpty()) {
            named = settings.ptrHints() ? withPtrHint(peer) : peer;
        } else if (settings.identity() == PeerIdentity.FQDN) {
            String latest = names.entrySet().stream()
                .max(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                    Comparator.reverseOrder())))
                .orElseThrow().getKey();
            named = Peer.fqdn(latest, peer.ip(), List.copyOf(names.keySet()));
        } else {
            named = peer.withNames(List.copyOf(names.keySet()));
        }
        return named == peer ? flow : new EnrichedFlow(flow.ts(), flow.node(), flow.srcNamespace(), flow.srcWorkload(),
            flow.srcPod(), named, flow.protocol(), flow.port(), flow.policy(), flow.count(), flow.lastTs());
    }

    /** The names the pod queried for this address that cover {@code t}, sorted, with their latest query. */
    private Map<String, Instant> namesAt(String namespace, String pod, String ip, Instant t) {
        String prefix = prefix(namespace, pod, ip);
        Map<String, Instant> names = new TreeMap<>();
        Duration window = settings.window();
        try (KeyValueIterator<String, QueryRanges> it = queried.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(entry -> {
                if (entry.value != null) {
                    entry.value.covering(t, window).ifPresent(range ->
                        names.put(entry.key.substring(prefix.length()), range.to()));
                }
            });
        }
        return names;
    }

    private Peer withPtrHint(Peer peer) {
        List<String> ptr = new ArrayList<>(resolver.reverse(peer.ip()).values());
        ptr.sort(Comparator.naturalOrder());
        return ptr.isEmpty() ? peer : peer.withHint(ptr.get(0));
    }

    private static String prefix(String namespace, String pod, String ip) {
        return namespace + SEP + pod + SEP + ip + SEP;
    }
}
