package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Follows a query: repeatedly reads [cursor, now − lag) with a {@link LokiRangeReader} into the
 * same sink, then waits one poll interval.
 *
 * <p>The lag covers Loki's out-of-order acceptance and ingester flush delay: a line that reaches
 * Loki more than {@code lag} after its own timestamp is behind the cursor and is not read. Requests
 * are retried without limit here, so a Loki outage pauses following instead of ending it. A limit can hold
 * windows further back, e.g. behind another source's progress ({@code ingest --dns}: the flows behind the queries).
 * {@link #run} blocks; {@link #close()} from another thread (or interrupting it) ends it, but never
 * interrupts the sink mid-commit.
 */
public final class LokiFollower implements AutoCloseable {

    private final LokiRangeReader reader;
    private final Duration lag;
    private final Duration pollInterval;
    private final LongSupplier limit;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Object lock = new Object();
    private volatile long cursor;
    private boolean closed;
    private boolean inSink;
    private Thread runner;

    /**
     * Reading up to now − lag.
     *
     * @param config the reader options; its attempt limit is replaced by "retry forever"
     */
    public LokiFollower(LokiQuerier querier, LokiReaderConfig config, Duration lag, Duration pollInterval,
                        Clock clock, Sleeper sleeper, LokiReaderStats stats) {
        this(querier, config, lag, pollInterval, () -> Long.MAX_VALUE, clock, sleeper, stats);
    }

    /**
     * @param config the reader options; its attempt limit is replaced by "retry forever"
     * @param limit  asked before each poll: the latest window end (epoch nanos) it may read to, besides now − lag
     */
    public LokiFollower(LokiQuerier querier, LokiReaderConfig config, Duration lag, Duration pollInterval,
                        LongSupplier limit, Clock clock, Sleeper sleeper, LokiReaderStats stats) {
        if (lag == null || lag.isNegative()) {
            throw new IllegalArgumentException("--lag < 0: " + lag);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("--poll-interval must be positive: " + pollInterval);
        }
        this.reader = new LokiRangeReader(querier, config.withMaxAttempts(0), stats, sleeper);
        this.lag = lag;
        this.pollInterval = pollInterval;
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** With the defaults: lag 2 minutes, poll every 5 seconds, system clock, real sleeps. */
    public static LokiFollower withDefaults(LokiQuerier querier, LokiReaderConfig config) {
        return new LokiFollower(querier, config, Duration.ofMinutes(2), Duration.ofSeconds(5),
                Clock.systemUTC(), Sleeper.SYSTEM, new LokiReaderStats());
    }

    /**
     * Follows from {@code cursorNanos} (inclusive; the last committed window end) until closed. A poll whose end
     * is not after the cursor (the limit holds it back) reads nothing and waits for the next.
     *
     * @throws LokiQueryException a non-retryable failure (e.g. a bad query); retryable ones are retried
     * @throws Exception          whatever the sink threw
     */
    public void run(long cursorNanos, WindowSink sink) throws Exception {
        synchronized (lock) {
            if (runner != null) {
                throw new IllegalStateException("already running");
            }
            runner = Thread.currentThread();
        }
        cursor = cursorNanos;
        try {
            while (!isClosed()) {
                long end = Math.min(nanos(clock.instant()) - lag.toNanos(), limit.getAsLong());
                if (end > cursor) {
                    reader.read(cursor, end, (lines, windowEnd) -> deliver(sink, lines, windowEnd));
                }
                if (!isClosed()) {
                    sleeper.sleep(pollInterval);
                }
            }
        } catch (InterruptedException | Stopped e) {
            // An interrupt from close() is consumed; any other one is the caller's and is kept.
            if (!isClosed()) {
                Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (lock) {
                runner = null;
                if (closed) {
                    Thread.interrupted();
                }
            }
        }
    }

    private void deliver(WindowSink sink, List<RawLine> lines, long windowEnd)
            throws Exception {
        synchronized (lock) {
            if (closed) {
                throw new Stopped();
            }
            inSink = true;
        }
        try {
            sink.accept(lines, windowEnd);
            cursor = windowEnd;
        } finally {
            synchronized (lock) {
                inSink = false;
            }
        }
        if (isClosed()) {
            // close() did not interrupt the sink; stop before waiting on the next window instead.
            throw new Stopped();
        }
    }

    /** The end of the last window the sink accepted: where a restart should resume. */
    public long cursor() {
        return cursor;
    }

    /** Stops {@link #run}: at once when it is waiting, after the current sink call otherwise. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (runner != null && !inSink) {
                runner.interrupt();
            }
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Unwinds the reader after close() without treating it as a failure. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }
}
