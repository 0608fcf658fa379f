package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NodeLabels;
import io.flowpolicy.model.Peer;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.ServicePorts;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.streams.parse.ParsedFlow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Attributes a parsed flow to its source workload and destination peer, using the owners of both IPs as of the
 * flow's own time, so a backfill days later still names the pod that held the IP then. Not thread-safe: one per
 * processor.
 */
public final class FlowEnricher {
    private final InventoryLookup inventory;
    private final NodeLabels nodeLabels;

    public FlowEnricher(InventoryLookup inventory, List<String> nodeLabels) {
        this.inventory = inventory;
        this.nodeLabels = new NodeLabels(nodeLabels);
    }

    public EnrichedFlow enrich(RawLine raw, ParsedFlow flow) {
        long ts = raw.tsNanos();
        Instant at = Timestamps.ofNanos(ts);
        Optional<InventoryRecord> source = inventory.ownerAt(flow.srcIp(), at);
        Peer peer = classify(flow.dstIp(), inventory.ownerAt(flow.dstIp(), at), flow.port(), flow.protocol());
        String node = nodeOf(raw, flow);
        if (source.isPresent() && "pod".equals(source.get().kind())) {
            InventoryRecord pod = source.get();
            return new EnrichedFlow(ts, node, pod.namespace(), pod.workloadName(), pod.name(), peer, flow.protocol(),
                flow.port(), flow.policy());
        }
        String category = source.isPresent() && "node".equals(source.get().kind())
            ? EnrichedFlow.NODE_SOURCE : EnrichedFlow.UNKNOWN_SOURCE;
        String name = source.map(InventoryRecord::name).orElse(flow.srcIp());
        return new EnrichedFlow(ts, node, category, name, null, peer, flow.protocol(), flow.port(), flow.policy());
    }

    /**
     * Calico logs the post-DNAT destination, so a pod IP that backs a service is reported as that service: the
     * service, not the pod behind it today, is what a policy should name.
     */
    static Peer classify(String dstIp, Optional<InventoryRecord> owner, int port, String protocol) {
        if (owner.isEmpty()) {
            return Peer.external(dstIp);
        }
        InventoryRecord r = owner.get();
        return switch (r.kind()) {
            case "service" -> Peer.service(r.namespace(), r.name());
            case "node" -> Peer.node(r.name(), dstIp);
            default -> ServicePorts.serviceFor(sorted(r.services()), r.servicePorts(), port, protocol)
                .map(service -> serviceOf(r.namespace(), service))
                .orElseGet(() -> Peer.pod(r.namespace(), r.workloadName(), r.labels()));
        };
    }

    /** Most pods back no service or one: sorting (per line) only when there is an order to choose. */
    private static List<String> sorted(List<String> services) {
        return services.size() < 2 ? services : services.stream().sorted().toList();
    }

    /** Services are listed as {@code namespace/name}; a bare name means the pod's own namespace. */
    private static Peer serviceOf(String podNamespace, String service) {
        int slash = service.indexOf('/');
        return slash < 0 ? Peer.service(podNamespace, service)
            : Peer.service(service.substring(0, slash), service.substring(slash + 1));
    }

    /** The node that logged the line: its labels name it, else the line's syslog header. */
    private String nodeOf(RawLine raw, ParsedFlow flow) {
        String node = nodeLabels.nodeOf(raw.labels());
        return node.isEmpty() ? flow.syslogHost() : node;
    }
}
