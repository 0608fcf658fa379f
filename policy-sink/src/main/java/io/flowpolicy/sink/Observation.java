package io.flowpolicy.sink;

import java.time.Instant;

/**
 * What the report knows about the observation itself; any field may be null when unknown (the long-running sink
 * does not see the raw lines, so it cannot count them).
 *
 * @param from          the time of the first observed line, or the start of the range read
 * @param to            the time of the last observed line, or the exclusive end of the range read
 * @param linesRead     lines taken from the source, rejected ones included
 * @param linesRejected lines that could not be used
 * @param toExclusive   {@code to} ends a range read ({@code analyze --loki-url --to}): nothing at it was observed,
 *                      so a {@code to} at midnight adds no day
 */
public record Observation(Instant from, Instant to, Long linesRead, Long linesRejected, boolean toExclusive) {
    /** The first and last observed lines' times. */
    public Observation(Instant from, Instant to, Long linesRead, Long linesRejected) {
        this(from, to, linesRead, linesRejected, false);
    }

    /** The last instant observed: {@code to}, or the one before it when it is exclusive; null when unknown. */
    public Instant lastInstant() {
        return to == null || !toExclusive ? to : to.minusNanos(1);
    }

    /** Nothing known: window from the profiles, line counts reported as unknown. */
    public static Observation unknown() {
        return new Observation(null, null, null, null);
    }
}
