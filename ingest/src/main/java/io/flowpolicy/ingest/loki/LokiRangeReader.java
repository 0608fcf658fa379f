package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every entry of a time range [from, to) exactly once and hands it to a {@link WindowSink}
 * window by window, in order.
 *
 * <p>The range is cut into windows no longer than the split interval and aligned to it, as Loki's
 * query frontend splits, so one request never fans out into several sub-queries. Up to
 * {@code parallelism} windows are read at once (fewer after a 429), but a window is delivered only
 * after all earlier ones, and only complete. Consecutive windows are delivered as one call, with the
 * last one's end, until they hold {@link #GROUP_LINES} lines: a sink commits a transaction per call,
 * and a transaction costs the broker about as much as a few thousand lines. A group is delivered
 * early once {@link #GROUP_HOLD} has passed since its first window was read and the next one is not
 * there (a slow or failing window holds back nothing read before it for longer), when the read fails,
 * and when the range ends.
 * {@link #read} blocks and delivers on the calling thread.
 */
public final class LokiRangeReader {
    /** Lines after which consecutive windows are delivered, as the file ingest's transactions hold. */
    static final int GROUP_LINES = 10_000;
    /** How long after its first window a group is delivered at the latest, whether or not the next one is read. */
    static final Duration GROUP_HOLD = Duration.ofSeconds(1);

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
        Group group = new Group();
        long next = from;
        while (next < to || !pending.isEmpty()) {
            while (next < to && pending.size() < config.parallelism()) {
                long start = next;
                long end = windowEnd(start, to);
                pending.add(pool.submit(() -> new Window(pager.read(start, end), end)));
                next = end;
            }
            Future<Window> head = pending.peekFirst();
            Window w;
            try {
                if (!group.isEmpty() && !done(head, group.holdLeft())) {
                    deliver(sink, group);
                }
                w = await(head);
            } catch (LokiQueryException | RuntimeException e) {
                // Everything read before the failed window is delivered, as if no window were grouped.
                if (!group.isEmpty()) {
                    deliver(sink, group);
                }
                throw e;
            }
            pending.removeFirst();
            group.add(w);
            if (group.size() >= GROUP_LINES) {
                deliver(sink, group);
            }
        }
        if (!group.isEmpty()) {
            deliver(sink, group);
        }
    }

    private void deliver(WindowSink sink, Group group) throws Exception {
        long end = group.end;
        List<RawLine> lines = group.take();
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

    /** Whether {@code f} completes within {@code wait}; its failure is left to {@link #await}. */
    private static boolean done(Future<Window> f, Duration wait) throws InterruptedException {
        try {
            f.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
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

    /** Consecutive windows read and not yet delivered: their lines in order, and the last one's end. */
    private static final class Group {
        private List<RawLine> lines = List.of();
        private boolean copied;
        private long end = -1;
        private long heldSince;

        void add(Window w) {
            if (isEmpty()) {
                heldSince = System.nanoTime();
                lines = w.lines();
                copied = false;
            } else if (!w.lines().isEmpty()) {
                // A window alone is handed on as the pager read it; only a second one costs a copy.
                if (!copied) {
                    lines = new ArrayList<>(lines);
                    copied = true;
                }
                lines.addAll(w.lines());
            }
            end = w.end();
        }

        boolean isEmpty() {
            return end < 0;
        }

        int size() {
            return lines.size();
        }

        Duration holdLeft() {
            return GROUP_HOLD.minusNanos(System.nanoTime() - heldSince);
        }

        /** The group's lines, which the group forgets along with its end. */
        List<RawLine> take() {
            List<RawLine> taken = lines;
            lines = List.of();
            end = -1;
            return taken;
        }
    }
}
