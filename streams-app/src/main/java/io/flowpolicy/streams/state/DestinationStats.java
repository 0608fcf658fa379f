package io.flowpolicy.streams.state;

import io.flowpolicy.model.Peer;
import java.time.Instant;

/** What is known of one (namespace, peer, protocol, port): first and last sighting and how many flows. */
public record DestinationStats(Peer peer, String protocol, int port, Instant firstSeen, Instant lastSeen, long count,
                               String sourceWorkload) {

    /**
     * These stats plus {@code flows} more sightings of {@code seen} between {@code first} and {@code last}; the peer
     * keeps the labels both have, so a pod selector covers every pod of the workload seen so far.
     */
    public DestinationStats seenAgain(Peer seen, Instant first, Instant last, long flows) {
        return new DestinationStats(peer.withLabelsSharedWith(seen), protocol, port,
            first.isBefore(firstSeen) ? first : firstSeen, last.isAfter(lastSeen) ? last : lastSeen, count + flows,
            sourceWorkload);
    }
}
