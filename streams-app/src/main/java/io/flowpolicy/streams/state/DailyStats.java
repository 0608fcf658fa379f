package io.flowpolicy.streams.state;

import java.time.Instant;

/** One rule's sightings within one day: the daily window kept for the retention period. */
public record DailyStats(Instant firstSeen, Instant lastSeen, long count) {
    /** These stats plus {@code flows} more sightings between {@code first} and {@code last}. */
    public DailyStats seenAgain(Instant first, Instant last, long flows) {
        return new DailyStats(first.isBefore(firstSeen) ? first : firstSeen, last.isAfter(lastSeen) ? last : lastSeen,
            count + flows);
    }
}
