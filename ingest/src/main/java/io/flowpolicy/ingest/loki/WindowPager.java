package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads every entry of one window [from, to) exactly once by paging forward.
 *
 * <p>Each page asks for the earliest {@code pageSize} entries from {@code start}; when it comes
 * back full, the next page starts at its last timestamp (start is inclusive, so entries at that
 * nanosecond that the limit cut off are not lost) and {@link BoundaryFilter} drops the repeats.
 * A full page whose entries all share one nanosecond would repeat forever; that nanosecond is then
 * read alone with the server's maximum limit, one stream at a time if even that page is full, and paging resumes
 * one nanosecond later.
 *
 * <p>A page that times out, or that Loki refuses as reading too much, is asked again at once for half the range
 * ({@link PageSpan}); a page that comes back short then only means its part of the window is read, and the next
 * page starts where that part ended. Repeating the same range would fail again, and while following it would never
 * end. A page size above the server's {@code max_entries_limit_per_query} is lowered to the limit Loki names, and
 * one whose answer is too large to send is halved ({@link ServerEntryLimit}). Both hold for the pager's later
 * windows too.
 */
final class WindowPager {
    private static final long SECOND = 1_000_000_000L;

    private final RetryingQuerier querier;
    private final String query;
    private final int pageSize;
    private final int maxPageSize;
    private final PageSpan span;
    private final ServerEntryLimit serverLimit = new ServerEntryLimit();

    WindowPager(RetryingQuerier querier, LokiReaderStats stats, LokiReaderConfig config) {
        this.querier = querier;
        this.query = config.query();
        this.pageSize = config.pageSize();
        this.maxPageSize = config.maxPageSize();
        this.span = new PageSpan(stats);
    }

    /** Blocks until the window is read; returns its entries sorted by timestamp. */
    List<RawLine> read(long from, long to) throws LokiQueryException, InterruptedException {
        List<RawLine> out = new ArrayList<>();
        BoundaryFilter filter = new BoundaryFilter();
        long start = from;
        while (start < to) {
            long end = span.end(start, to);
            boolean splittable = PageSpan.splittable(start, end);
            int limit = serverLimit.cap(pageSize);
            List<RawLine> page;
            try {
                page = fetch(start, end, limit, splittable);
            } catch (LokiQueryException e) {
                if (splittable && e.rangeTooLong()) {
                    span.tooLong(start, end, e);
                    continue;
                }
                if (serverLimit.learnFrom(e, limit)) {
                    continue;
                }
                throw e;
            }
            span.answeredInTime();
            filter.accept(page, out);
            start = page.size() < limit ? end : next(page, filter, out);
        }
        return out;
    }

    /** Where paging goes on after a full page. */
    private long next(List<RawLine> fullPage, BoundaryFilter filter, List<RawLine> out)
            throws LokiQueryException, InterruptedException {
        long last = fullPage.get(fullPage.size() - 1).tsNanos();
        if (fullPage.get(0).tsNanos() != last) {
            return last;
        }
        filter.accept(readWholeNanosecond(last), out);
        return last + 1;
    }

    private List<RawLine> readWholeNanosecond(long ts) throws LokiQueryException, InterruptedException {
        while (true) {
            int limit = serverLimit.cap(maxPageSize);
            try {
                return readWholeNanosecond(ts, limit);
            } catch (LokiQueryException e) {
                if (!serverLimit.learnFrom(e, limit)) {
                    throw e;
                }
            }
        }
    }

    private List<RawLine> readWholeNanosecond(long ts, int limit) throws LokiQueryException, InterruptedException {
        List<RawLine> all = fetch(ts, ts + 1, limit, false);
        return all.size() < limit ? all : readNanosecondByStream(ts, limit, all.size());
    }

    /**
     * A nanosecond that fills even the largest page (shippers that stamp many nodes' lines alike, with whole seconds
     * or one time per batch): Loki cannot page within it, since the next page would start where this one did, but
     * each stream can be asked for it alone. Only a single stream with that many entries at one nanosecond fails.
     */
    private List<RawLine> readNanosecondByStream(long ts, int limit, int readAtOnce)
            throws LokiQueryException, InterruptedException {
        LogQlSelector selector = selector();
        List<RawLine> all = new ArrayList<>();
        // The whole second around it: Loki looks streams up by chunk and in milliseconds, and more streams than
        // needed only cost a query each.
        long second = ts - Math.floorMod(ts, SECOND);
        List<Map<String, String>> streams = streams(selector, second, ts, readAtOnce);
        Set<String> names = new TreeSet<>();
        streams.forEach(stream -> names.addAll(stream.keySet()));
        for (Map<String, String> stream : streams) {
            List<RawLine> entries = querier.query(selector.forStream(stream, names), ts, ts + 1, limit, false);
            if (entries.size() >= limit) {
                // Refusing beats guessing: skipping the rest would lose entries without a trace.
                throw new LokiQueryException(0, "too_many_at_one_timestamp", false,
                        "at least " + entries.size() + " entries of the stream " + LogQlSelector.selectorOf(stream)
                                + " share the timestamp "
                                + ts + " ns (" + Timestamps.ofNanos(ts) + ") and a page cannot be split within one "
                                + "nanosecond",
                        raisePageSize(entries.size()), null);
            }
            all.addAll(entries);
        }
        if (all.size() < readAtOnce) {
            throw new LokiQueryException(0, "incomplete_series", false, "the streams Loki listed for the timestamp "
                    + ts + " ns (" + Timestamps.ofNanos(ts) + ") hold " + all.size() + " entries, fewer than the "
                    + readAtOnce + " one page of the query held", raisePageSize(readAtOnce), null);
        }
        return EntryOrder.sorted(all);
    }

    /** The streams of the selector in that second; a refusal says why they were asked for. */
    private List<Map<String, String>> streams(LogQlSelector selector, long second, long ts, int readAtOnce)
            throws LokiQueryException, InterruptedException {
        try {
            return querier.series(selector.selector(), second, second + SECOND);
        } catch (LokiQueryException e) {
            if (e.retryable()) {
                throw e;
            }
            throw new LokiQueryException(e.status(), e.errorClass(), false, "at least " + readAtOnce
                    + " entries share the timestamp " + ts + " ns (" + Timestamps.ofNanos(ts) + "), more than a page, "
                    + "and listing their streams to read them one at a time failed: " + e.lokiMessage(),
                    "allow GET /loki/api/v1/series through to Loki, or " + raisePageSize(readAtOnce), e);
        }
    }

    /** The hint of a nanosecond too full to read: the only fix is a larger page, on both sides. */
    private static String raisePageSize(int entries) {
        return "raise --max-page-size above " + entries + " and the server's max_entries_limit_per_query with it";
    }

    private LogQlSelector selector() throws LokiQueryException {
        try {
            return LogQlSelector.of(query);
        } catch (IllegalArgumentException e) {
            throw new LokiQueryException(0, "bad_query", false, e.getMessage(), "fix --query", e);
        }
    }

    private List<RawLine> fetch(long start, long end, int limit, boolean splittable)
            throws LokiQueryException, InterruptedException {
        return EntryOrder.sorted(querier.query(query, start, end, limit, splittable));
    }
}
