package io.flowpolicy.streams.state;

import java.time.Instant;

/** One rule's sightings within one day: the daily window kept for the retention period. */
public record DailyStats(Instant firstSeen, Instant lastSeen, long count) {
    public static DailyStats first(Instant at) {
        return new DailyStats(at, at, 1);
    }

    public DailyStats seenAgain(Instant at) {
        return new DailyStats(at.isBefore(firstSeen) ? at : firstSeen, at.isAfter(lastSeen) ? at : lastSeen, count + 1);
    }
}
