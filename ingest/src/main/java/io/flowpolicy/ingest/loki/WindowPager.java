package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every entry of one window [from, to) exactly once by paging forward.
 *
 * <p>Each page asks for the earliest {@code pageSize} entries from {@code start}; when it comes
 * back full, the next page starts at its last timestamp (start is inclusive, so entries at that
 * nanosecond that the limit cut off are not lost) and {@link BoundaryFilter} drops the repeats.
 * A full page whose entries all share one nanosecond would repeat forever; that nanosecond is then
 * read alone with the server's maximum limit and paging resumes one nanosecond later.
 *
 * <p>A page that times out (Loki's 504 "decrease the duration of the request", or no answer within the request
 * timeout) is asked again at once for half the range, down to {@link #MIN_SPAN}; a page that comes back short then
 * only means its part of the window is read, and the next page starts where that part ended. Repeating the same
 * range would time out again, and while following it would never end. The narrower span holds for the pager's
 * later pages and windows too, and doubles again after {@link #WIDEN_AFTER} pages in a row answered in time: a
 * timeout that was bad luck costs little, and a range that Loki cannot scan in time is tried again only rarely.
 *
 * <p>A Loki whose {@code max_entries_limit_per_query} is below the page size answers 400 "max entries limit per
 * query exceeded, limit &gt; max_entries_limit_per_query (5000 &gt; 1000)" before reading anything; its limit is then
 * taken from that message for the rest of the read.
 */
final class WindowPager {
    /** Below this a range is not split further: its timeouts are retried like any other failure. */
    static final Duration MIN_SPAN = Duration.ofSeconds(1);
    static final int WIDEN_AFTER = 10;
    private static final Logger LOG = LoggerFactory.getLogger(WindowPager.class);
    /** The numbers in Loki's "… (requested > allowed)". */
    private static final Pattern LIMITS = Pattern.compile("\\((\\d+) > (\\d+)\\)");

    private final RetryingQuerier querier;
    private final LokiReaderStats stats;
    private final String query;
    private final int pageSize;
    private final int maxPageSize;
    /** The longest range a page asks for, narrowed by timeouts. */
    private final AtomicLong span = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger inTimeSinceNarrowed = new AtomicInteger();
    /** The server's {@code max_entries_limit_per_query} once a 400 named it. */
    private final AtomicInteger serverLimit = new AtomicInteger(Integer.MAX_VALUE);

    WindowPager(RetryingQuerier querier, LokiReaderStats stats, LokiReaderConfig config) {
        this.querier = querier;
        this.stats = stats;
        this.query = config.query();
        this.pageSize = config.pageSize();
        this.maxPageSize = config.maxPageSize();
    }

    /** Blocks until the window is read; returns its entries sorted by timestamp. */
    List<RawLine> read(long from, long to) throws LokiQueryException, InterruptedException {
        List<RawLine> out = new ArrayList<>();
        BoundaryFilter filter = new BoundaryFilter();
        long start = from;
        while (start < to) {
            long span = this.span.get();
            long end = to - start <= span ? to : start + span;
            int limit = Math.min(pageSize, serverLimit.get());
            List<RawLine> page;
            try {
                page = fetch(start, end, limit, end - start > MIN_SPAN.toNanos());
            } catch (LokiQueryException e) {
                if (e.timedOut() && end - start > MIN_SPAN.toNanos()) {
                    narrow(start, end, e);
                    continue;
                }
                if (lowerToServerLimit(e, limit)) {
                    continue;
                }
                throw e;
            }
            answeredInTime();
            filter.accept(page, out);
            if (page.size() < limit) {
                start = end;
                continue;
            }
            long last = page.get(page.size() - 1).tsNanos();
            if (page.get(0).tsNanos() == last) {
                filter.accept(readWholeNanosecond(last), out);
                start = last + 1;
            } else {
                start = last;
            }
        }
        return out;
    }

    private void answeredInTime() {
        if (span.get() < Long.MAX_VALUE && inTimeSinceNarrowed.incrementAndGet() >= WIDEN_AFTER) {
            inTimeSinceNarrowed.set(0);
            span.updateAndGet(s -> s > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : s * 2);
        }
    }

    private void narrow(long start, long end, LokiQueryException timeout) {
        long half = Math.max(MIN_SPAN.toNanos(), (end - start) / 2);
        long narrowed = span.accumulateAndGet(half, Math::min);
        inTimeSinceNarrowed.set(0);
        stats.recordSplit();
        LOG.warn("Loki timed out reading [{}, {}) ({}); reading it in ranges of {} for now",
            Timestamps.ofNanos(start), Timestamps.ofNanos(end), timeout.getMessage(), Duration.ofNanos(narrowed));
    }

    /**
     * Whether the failure was Loki refusing a {@code limit} above its {@code max_entries_limit_per_query}, now
     * lowered to the limit it named.
     */
    private boolean lowerToServerLimit(LokiQueryException e, int requested) {
        if (e.status() != 400 || !e.lokiMessage().toLowerCase(Locale.ROOT).contains("max entries limit")) {
            return false;
        }
        Matcher m = LIMITS.matcher(e.lokiMessage());
        if (!m.find()) {
            return false;
        }
        int allowed;
        try {
            allowed = Integer.parseInt(m.group(2));
        } catch (NumberFormatException tooLarge) {
            return false;
        }
        if (allowed < 1 || allowed >= requested) {
            return false;
        }
        if (serverLimit.getAndAccumulate(allowed, Math::min) > allowed) {
            LOG.warn("Loki allows at most {} entries a request (its max_entries_limit_per_query); reading pages of {} "
                + "instead of {} (set --page-size and --max-page-size to {} to skip this)", allowed, allowed,
                requested, allowed);
        }
        return true;
    }

    private List<RawLine> readWholeNanosecond(long ts) throws LokiQueryException, InterruptedException {
        while (true) {
            int limit = Math.min(maxPageSize, serverLimit.get());
            try {
                return readWholeNanosecond(ts, limit);
            } catch (LokiQueryException e) {
                if (!lowerToServerLimit(e, limit)) {
                    throw e;
                }
            }
        }
    }

    private List<RawLine> readWholeNanosecond(long ts, int limit) throws LokiQueryException, InterruptedException {
        List<RawLine> all = fetch(ts, ts + 1, limit, false);
        if (all.size() >= limit) {
            // Refusing beats guessing: skipping the rest would lose entries without a trace.
            throw new LokiQueryException(0, "too_many_at_one_timestamp", false,
                    "at least " + all.size() + " entries share the timestamp " + ts + " ns ("
                            + Timestamps.ofNanos(ts) + ") and a page cannot be split within one nanosecond",
                    "raise --max-page-size above " + all.size()
                            + " and the server's max_entries_limit_per_query with it", null);
        }
        return all;
    }

    private List<RawLine> fetch(long start, long end, int limit, boolean splittable)
            throws LokiQueryException, InterruptedException {
        return EntryOrder.sorted(querier.query(query, start, end, limit, splittable));
    }
}
