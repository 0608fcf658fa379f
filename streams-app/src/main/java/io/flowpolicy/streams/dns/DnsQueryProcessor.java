package io.flowpolicy.streams.dns;

import io.flowpolicy.model.DnsResolution;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NameAddress;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.streams.enrich.InventoryCache;
import io.flowpolicy.streams.enrich.InventoryLookup;
import io.flowpolicy.streams.enrich.InventoryStoreLookup;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Turns a pod's answered address query into what naming needs: the querying pod (the client IP's owner as of the
 * query's time), the addresses of the name (resolved now, through the cached resolver), one {@link DnsResolution}
 * per address keyed by the pod's namespace, and the name-to-address mappings with their time range in the
 * {@value #NAMES_STORE} store. Input is keyed by name, so one task owns each name's mappings. Queries from nodes or
 * unknown clients are dropped: no policy selects them. Never throws on input.
 */
public final class DnsQueryProcessor implements Processor<String, RawLine, String, DnsOutput> {
    public static final String NAMES_STORE = "dns-names";

    private final String inventoryStoreName;
    private final InventoryCache inventoryCache;
    private final CoreDnsLineParser parser;
    private final NameResolver resolver;
    private ProcessorContext<String, DnsOutput> context;
    private InventoryLookup inventory;
    private KeyValueStore<String, NameAddress> names;

    public DnsQueryProcessor(String inventoryStoreName, InventoryCache inventoryCache, CoreDnsLineParser parser,
                             NameResolver resolver) {
        this.inventoryStoreName = inventoryStoreName;
        this.inventoryCache = inventoryCache;
        this.parser = parser;
        this.resolver = resolver;
    }

    @Override
    public void init(ProcessorContext<String, DnsOutput> context) {
        this.context = context;
        ReadOnlyKeyValueStore<String, InventoryRecord> store = context.getStateStore(inventoryStoreName);
        this.inventory = new InventoryStoreLookup(store, inventoryCache);
        this.names = context.getStateStore(NAMES_STORE);
    }

    @Override
    public void process(Record<String, RawLine> record) {
        RawLine raw = record.value();
        Optional<CoreDnsLineParser.Query> query = raw == null ? Optional.empty() : parser.addressQuery(raw.line());
        if (query.isEmpty()) {
            return;
        }
        Instant at = raw.instant();
        Optional<InventoryRecord> client = inventory.ownerAt(query.get().clientIp(), at);
        if (client.isEmpty() || !"pod".equals(client.get().kind())) {
            return;
        }
        InventoryRecord pod = client.get();
        String name = query.get().name();
        long timestamp = at.toEpochMilli();
        for (String ip : resolver.addresses(name).values()) {
            context.forward(new Record<>(pod.namespace(),
                DnsOutput.of(new DnsResolution(at, pod.namespace(), pod.name(), name, ip)), timestamp));
            NameAddress known = names.get(name + "|" + ip);
            NameAddress seen = known == null ? new NameAddress(name, ip, at, at) : known.seenAt(at);
            if (!seen.equals(known)) {
                names.put(seen.key(), seen);
                context.forward(new Record<>(seen.key(), DnsOutput.of(seen), timestamp));
            }
        }
    }
}
