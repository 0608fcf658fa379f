package io.flowpolicy.sink;

/**
 * Decides when a burst of changes is over: due once no change arrived for {@code quietNanos}, or once the first
 * unapplied change is {@code maxDelayNanos} old (so a steady trickle still gets applied). Pure; times are
 * {@link System#nanoTime()} values passed in.
 */
final class Debouncer {
    private final long quietNanos;
    private final long maxDelayNanos;
    private boolean pending;
    private long firstChange;
    private long lastChange;

    Debouncer(long quietNanos, long maxDelayNanos) {
        this.quietNanos = quietNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    void changed(long now) {
        if (!pending) {
            pending = true;
            firstChange = now;
        }
        lastChange = now;
    }

    boolean due(long now) {
        return pending && (now - lastChange >= quietNanos || now - firstChange >= maxDelayNanos);
    }

    void applied() {
        pending = false;
    }
}
