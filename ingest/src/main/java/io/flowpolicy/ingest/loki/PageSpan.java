package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.Timestamps;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The longest time range a page asks Loki for. Unlimited until a request times out (Loki's 504 "decrease the
 * duration of the request", or no answer within the request timeout) or Loki refuses it as reading too much
 * ({@link LokiQueryException#rangeTooLong()}); then half of that range, down to {@link #MIN}. It doubles again
 * after {@link #WIDEN_AFTER} pages in a row answered in time: a timeout that was bad luck costs little, and a range
 * that Loki cannot read in one request is tried again only rarely. Thread-safe: the
 * windows a reader reads in parallel share it.
 */
final class PageSpan {
    /** Below this a range is not split further: its timeouts are retried like any other failure. */
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final int WIDEN_AFTER = 10;
    private static final Logger LOG = LoggerFactory.getLogger(PageSpan.class);

    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger inTimeSinceNarrowed = new AtomicInteger();
    private final LokiReaderStats stats;

    PageSpan(LokiReaderStats stats) {
        this.stats = stats;
    }

    /** The end of the next page's range from {@code start}, at most {@code to}. */
    long end(long start, long to) {
        long span = nanos.get();
        return to - start <= span ? to : start + span;
    }

    /** Whether a timeout of [start, end) can be met by asking for less. */
    static boolean splittable(long start, long end) {
        return end - start > MIN.toNanos();
    }

    void answeredInTime() {
        if (nanos.get() < Long.MAX_VALUE && inTimeSinceNarrowed.incrementAndGet() >= WIDEN_AFTER) {
            inTimeSinceNarrowed.set(0);
            nanos.updateAndGet(s -> s > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : s * 2);
        }
    }

    /** [start, end) timed out or read too much: later pages ask for half of it at most. */
    void tooLong(long start, long end, LokiQueryException failure) {
        long half = Math.max(MIN.toNanos(), (end - start) / 2);
        long narrowed = nanos.accumulateAndGet(half, Math::min);
        inTimeSinceNarrowed.set(0);
        stats.recordSplit();
        LOG.warn("Loki could not read [{}, {}) in one request ({}); reading it in ranges of {} for now",
            Timestamps.ofNanos(start), Timestamps.ofNanos(end), failure.getMessage(), Duration.ofNanos(narrowed));
    }
}
