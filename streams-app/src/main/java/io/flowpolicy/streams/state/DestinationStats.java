package io.flowpolicy.streams.state;

import io.flowpolicy.model.Peer;
import java.time.Instant;

/** What is known of one (namespace, peer, protocol, port): first and last sighting and how many flows. */
public record DestinationStats(Peer peer, String protocol, int port, Instant firstSeen, Instant lastSeen, long count,
                               String sourceWorkload) {

    /**
     * These stats plus {@code flows} more sightings of {@code seen} between {@code first} and {@code last}. The peer is
     * the earliest sighting's (a node's or a name's address, as combining keeps the earliest flow's), whatever order
     * nodes' lines arrive in, with the labels both have, so a pod selector covers every pod of the workload seen, and
     * every address a node was reached on ({@link Peer#mergedWith}).
     */
    public DestinationStats seenAgain(Peer seen, Instant first, Instant last, long flows) {
        Peer earliest = first.isBefore(firstSeen) ? seen : peer;
        return new DestinationStats(earliest.mergedWith(earliest == seen ? peer : seen), protocol, port,
            first.isBefore(firstSeen) ? first : firstSeen, last.isAfter(lastSeen) ? last : lastSeen, count + flows,
            sourceWorkload);
    }
}
