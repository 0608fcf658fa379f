package io.flowpolicy.streams.dns;

import java.time.Duration;
import java.time.Instant;

/**
 * The queries one pod made of one name that resolved to one address, as a time range: queries closer together than
 * the attribution window are one range, because any flow inside it had a query at most one window before it.
 */
public record QueryInterval(Instant from, Instant to) {
    // CoreDNS and Calico log on different nodes; their clocks may disagree by a little.
    static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

    /** This range with a query at {@code at}; a query more than a window after it starts a new range. */
    QueryInterval with(Instant at, Duration window) {
        if (at.isAfter(to.plus(window))) {
            return new QueryInterval(at, at);
        }
        if (at.isBefore(from.minus(window))) {
            return this;
        }
        return new QueryInterval(at.isBefore(from) ? at : from, at.isAfter(to) ? at : to);
    }

    /** Whether a flow at {@code t} had one of these queries at most {@code window} before it. */
    boolean covers(Instant t, Duration window) {
        return !t.isBefore(from.minus(CLOCK_SKEW)) && !t.isAfter(to.plus(window));
    }
}
