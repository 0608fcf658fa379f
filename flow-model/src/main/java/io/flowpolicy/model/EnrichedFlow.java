package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A parsed flow attributed to its source workload and destination peer, as of the flow's own time.
 * The value of the enriched-flows topic, keyed by source namespace. One record may stand for several flows of the
 * same rule on the same day, combined before the topic ({@code count} of them, from {@code ts} to {@code lastTs});
 * the other fields are those of the earliest.
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
 * @param count        how many flows this record stands for (1 when absent)
 * @param lastTs       the time of the latest of them, ns epoch ({@code ts} when absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedFlow(long ts, String node, String srcNamespace, String srcWorkload, String srcPod,
                           Peer peer, String protocol, int port, String policy, long count, long lastTs) {

    public EnrichedFlow {
        count = count < 1 ? 1 : count;
        lastTs = lastTs < ts ? ts : lastTs;
    }

    /** One flow. */
    public EnrichedFlow(long ts, String node, String srcNamespace, String srcWorkload, String srcPod, Peer peer,
                        String protocol, int port, String policy) {
        this(ts, node, srcNamespace, srcWorkload, srcPod, peer, protocol, port, policy, 1, ts);
    }

    /**
     * This record and another of the same rule and day as one: the earliest one's details, both counts, the peer
     * labels both have and the addresses either went to ({@link Peer#mergedWith}).
     */
    public EnrichedFlow combine(EnrichedFlow other) {
        EnrichedFlow first = other.ts < ts ? other : this;
        EnrichedFlow second = first == this ? other : this;
        return new EnrichedFlow(first.ts, first.node, first.srcNamespace, first.srcWorkload, first.srcPod,
            first.peer.mergedWith(second.peer), first.protocol, first.port, first.policy,
            count + other.count, Math.max(lastTs, other.lastTs));
    }
    /** Namespace used for flows whose source IP belongs to a node (host-network traffic). */
    public static final String NODE_SOURCE = "_node";
    /** Namespace used for flows whose source IP no inventory record owned at the time. */
    public static final String UNKNOWN_SOURCE = "_unknown";

    public static boolean isPodNamespace(String namespace) {
        return !NODE_SOURCE.equals(namespace) && !UNKNOWN_SOURCE.equals(namespace);
    }
}
