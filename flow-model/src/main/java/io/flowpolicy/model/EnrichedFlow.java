package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A parsed flow attributed to its source workload and destination peer, as of the flow's own time.
 * The value of the enriched-flows topic, keyed by source namespace.
 *
 * @param ts           flow time, ns epoch
 * @param node         the node that logged it (from the stream labels), when known
 * @param srcNamespace the source pod's namespace; {@code _node} or {@code _unknown} for non-pod sources
 * @param srcWorkload  the source workload name
 * @param srcPod       the source pod name
 * @param peer         the destination
 * @param protocol     {@code TCP}, {@code UDP}, {@code ICMP}, … or a protocol number
 * @param port         destination port, ICMP type, or -1 when the protocol has none
 * @param policy       the policy named by the log prefix, when it names one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedFlow(long ts, String node, String srcNamespace, String srcWorkload, String srcPod,
                           Peer peer, String protocol, int port, String policy) {
    /** Namespace used for flows whose source IP belongs to a node (host-network traffic). */
    public static final String NODE_SOURCE = "_node";
    /** Namespace used for flows whose source IP no inventory record owned at the time. */
    public static final String UNKNOWN_SOURCE = "_unknown";

    public static boolean isPodNamespace(String namespace) {
        return !NODE_SOURCE.equals(namespace) && !UNKNOWN_SOURCE.equals(namespace);
    }
}
