package io.flowpolicy.sink;

import java.time.Instant;

/**
 * What the report knows about the observation itself; any field may be null when unknown (the long-running sink
 * does not see the raw lines, so it cannot count them).
 *
 * @param from          the time of the first observed line
 * @param to            the time of the last observed line
 * @param linesRead     lines taken from the source, rejected ones included
 * @param linesRejected lines that could not be used
 */
public record Observation(Instant from, Instant to, Long linesRead, Long linesRejected) {
    /** Nothing known: window from the profiles, line counts reported as unknown. */
    public static Observation unknown() {
        return new Observation(null, null, null, null);
    }
}
