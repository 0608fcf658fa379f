package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every entry of a time range [from, to) exactly once and hands it to a {@link WindowSink}
 * window by window, in order.
 *
 * <p>The range is cut into windows no longer than the split interval and aligned to it, as Loki's
 * query frontend splits, so one request never fans out into several sub-queries. Up to
 * {@code parallelism} windows are read at once (fewer after a 429), but a window is delivered only
 * after all earlier ones, and only complete. Consecutive empty windows may be delivered as one
 * call with the last window's end. {@link #read} blocks and delivers on the calling thread.
 */
public final class LokiRangeReader {

    private final LokiQuerier querier;
    private final LokiReaderConfig config;
    private final LokiReaderStats stats;
    private final Sleeper sleeper;

    public LokiRangeReader(LokiQuerier querier, LokiReaderConfig config) {
        this(querier, config, new LokiReaderStats(), Sleeper.SYSTEM);
    }

    /** With shared counters and an injected sleeper for retry backoff. */
    public LokiRangeReader(LokiQuerier querier, LokiReaderConfig config, LokiReaderStats stats, Sleeper sleeper) {
        this.querier = querier;
        this.config = config;
        this.stats = stats;
        this.sleeper = sleeper;
    }

    public LokiReaderStats stats() {
        return stats;
    }

    public LokiReaderConfig config() {
        return config;
    }

    /**
     * Reads [fromNanos, toNanos); returns after the sink accepted the window ending at {@code toNanos}.
     *
     * @throws LokiQueryException   when a request failed for good; windows before it were delivered
     * @throws InterruptedException when interrupted; in-flight requests are abandoned
     * @throws Exception            whatever the sink threw, unchanged
     */
    public void read(long fromNanos, long toNanos, WindowSink sink) throws Exception {
        if (fromNanos < 0 || toNanos < fromNanos) {
            throw new IllegalArgumentException("bad range: [" + fromNanos + ", " + toNanos + ")");
        }
        if (fromNanos == toNanos) {
            return;
        }
        AdaptiveLimiter limiter = new AdaptiveLimiter(config.parallelism(), stats);
        RetryingQuerier retrying = new RetryingQuerier(querier, limiter, stats, sleeper, config);
        WindowPager pager = new WindowPager(retrying, stats, config);
        ExecutorService pool = Executors.newFixedThreadPool(config.parallelism(), LokiRangeReader::daemon);
        try {
            deliverInOrder(pager, pool, fromNanos, toNanos, sink);
        } finally {
            pool.shutdownNow();
        }
    }

    private void deliverInOrder(WindowPager pager, ExecutorService pool, long from, long to, WindowSink sink)
            throws Exception {
        // The reorder buffer: futures in window order, at most `parallelism` ahead of delivery.
        Deque<Future<Window>> pending = new ArrayDeque<>();
        long next = from;
        long emptyUpTo = -1;
        while (next < to || !pending.isEmpty()) {
            while (next < to && pending.size() < config.parallelism()) {
                long start = next;
                long end = windowEnd(start, to);
                pending.add(pool.submit(() -> new Window(pager.read(start, end), end)));
                next = end;
            }
            Future<Window> head = pending.peekFirst();
            if (emptyUpTo >= 0 && !head.isDone()) {
                // Commit progress over empty windows before waiting, so a slow window cannot hide it.
                deliver(sink, List.of(), emptyUpTo);
                emptyUpTo = -1;
            }
            Window w = await(head);
            pending.removeFirst();
            if (w.lines().isEmpty()) {
                emptyUpTo = w.end();
            } else {
                deliver(sink, w.lines(), w.end());
                emptyUpTo = -1;
            }
        }
        if (emptyUpTo >= 0) {
            deliver(sink, List.of(), emptyUpTo);
        }
    }

    private void deliver(WindowSink sink, List<RawLine> lines, long end) throws Exception {
        sink.accept(lines, end);
        stats.recordWindow(lines.size());
    }

    long windowEnd(long start, long to) {
        long interval = config.splitInterval().toNanos();
        long aligned = start - Math.floorMod(start, interval) + interval;
        return Math.min(to, aligned);
    }

    private static Window await(Future<Window> f) throws LokiQueryException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LokiQueryException q) {
                throw q;
            }
            if (cause instanceof InterruptedException i) {
                throw i;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("window read failed", cause);
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "loki-window-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private record Window(List<RawLine> lines, long end) {
    }
}
