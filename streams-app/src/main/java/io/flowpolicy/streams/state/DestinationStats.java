package io.flowpolicy.streams.state;

import io.flowpolicy.model.Peer;
import java.time.Instant;

/** What is known of one (namespace, peer, protocol, port): first and last sighting and how many flows. */
public record DestinationStats(Peer peer, String protocol, int port, Instant firstSeen, Instant lastSeen, long count,
                               String sourceWorkload) {

    public DestinationStats seenAgain(Instant at) {
        Instant first = at.isBefore(firstSeen) ? at : firstSeen;
        Instant last = at.isAfter(lastSeen) ? at : lastSeen;
        return new DestinationStats(peer, protocol, port, first, last, count + 1, sourceWorkload);
    }
}
