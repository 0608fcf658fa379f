package io.flowpolicy.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How far a follower that trails another source may read: up to the cursor that source had committed at least
 * {@code lead} ago (wall-clock), so the other source's lines of a time reach Kafka, and have {@code lead} to be
 * processed, before this follower's lines of the same time. {@code ingest --dns} keeps the flows behind the DNS
 * queries this way, because the streams app names a flow only by queries it has already seen (docs/dns.md).
 *
 * <p>The leader's cursor is sampled at each call (once per poll of the follower); a sample taken {@code lead} ago
 * is a cursor committed at least that long ago. Thread-safe.
 */
public final class TrailingCursor implements LongSupplier {
    /** No sample is old enough, or the leader has not read its checkpoint yet: nothing may be read. */
    public static final long NOTHING = Long.MIN_VALUE;

    private record Sample(Instant at, long cursor) {
    }

    private final LongSupplier leader;
    private final Duration lead;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param leader the other source's committed cursor (epoch nanos), {@link #NOTHING} while unknown
     * @param lead   how long before a poll the leader must have committed what the follower reads; not negative
     */
    public TrailingCursor(LongSupplier leader, Duration lead, Clock clock) {
        this.leader = Objects.requireNonNull(leader, "leader");
        this.lead = Objects.requireNonNull(lead, "lead");
        if (lead.isNegative()) {
            throw new IllegalArgumentException("lead < 0: " + lead);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The leader's cursor as of the latest sample at least {@code lead} old; {@link #NOTHING} when none is. */
    @Override
    public synchronized long getAsLong() {
        Instant now = clock.instant();
        samples.addLast(new Sample(now, leader.getAsLong()));
        Instant cutoff = now.minus(lead);
        // Keep the newest sample at or before the cutoff (the answer) and the later ones (answers to come).
        while (samples.size() > 1 && !second().at().isAfter(cutoff)) {
            samples.removeFirst();
        }
        Sample oldest = samples.getFirst();
        return oldest.at().isAfter(cutoff) ? NOTHING : oldest.cursor();
    }

    private Sample second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
