package io.flowpolicy.streams.state;

import io.flowpolicy.model.Peer;
import java.time.Instant;

/** What is known of one (namespace, peer, protocol, port): first and last sighting and how many flows. */
public record DestinationStats(Peer peer, String protocol, int port, Instant firstSeen, Instant lastSeen, long count,
                               String sourceWorkload) {

    /**
     * These stats plus {@code flows} more sightings of {@code seen} from {@code seenWorkload} between {@code first}
     * and {@code last}. The peer and the source workload are the earliest sighting's (a node's or a name's address,
     * as combining keeps the earliest flow's), whatever order nodes' lines arrive in, with the labels both have, so a
     * pod selector covers every pod of the workload seen, and every address a node was reached on
     * ({@link Peer#mergedWith}).
     */
    public DestinationStats seenAgain(Peer seen, String seenWorkload, Instant first, Instant last, long flows) {
        boolean earlier = first.isBefore(firstSeen);
        Peer earliest = earlier ? seen : peer;
        return new DestinationStats(earliest.mergedWith(earlier ? peer : seen), protocol, port,
            earlier ? first : firstSeen, last.isAfter(lastSeen) ? last : lastSeen, count + flows,
            earlier ? seenWorkload : sourceWorkload);
    }
}
