package io.flowpolicy.ingest.loki;

import java.time.Duration;

/** Waits; injectable so tests of backoff and polling need not sleep for real. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * Blocks for about {@code duration}.
     *
     * @throws InterruptedException when interrupted; implementations must not swallow it
     */
    void sleep(Duration duration) throws InterruptedException;
}
