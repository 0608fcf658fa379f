package io.flowpolicy.streams.dns;

import java.time.Duration;
import java.time.Instant;

/**
 * Queries of one pod for one name that resolved to one address, as a time range: queries closer together than the
 * attribution window are one range, because any flow inside it had a query at most one window before it.
 */
public record QueryInterval(Instant from, Instant to) {
    // CoreDNS and Calico log on different nodes; their clocks may disagree by a little.
    static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

    /** Whether a flow at {@code t} had one of these queries at most {@code window} before it. */
    boolean covers(Instant t, Duration window) {
        return !t.isBefore(from.minus(CLOCK_SKEW)) && !t.isAfter(to.plus(window));
    }

    /** Whether this range and {@code other} are at most {@code window} apart, so that they are one range. */
    boolean touches(QueryInterval other, Duration window) {
        return !other.from.isAfter(to.plus(window)) && !from.isAfter(other.to.plus(window));
    }

    QueryInterval union(QueryInterval other) {
        return new QueryInterval(from.isBefore(other.from) ? from : other.from, to.isAfter(other.to) ? to : other.to);
    }
}
