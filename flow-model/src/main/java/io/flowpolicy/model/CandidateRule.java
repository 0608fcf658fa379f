package io.flowpolicy.model;

import java.time.Instant;

/**
 * One observed egress rule of a namespace: a peer with a protocol and port, and when it was seen.
 *
 * @param port destination port, ICMP type, or -1 when the protocol has none
 */
public record CandidateRule(Peer peer, String protocol, int port, Instant firstSeen, Instant lastSeen, long count) {
}
