package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every entry of one window [from, to) exactly once by paging forward.
 *
 * <p>Each page asks for the earliest {@code pageSize} entries from {@code start}; when it comes
 * back full, the next page starts at its last timestamp (start is inclusive, so entries at that
 * nanosecond that the limit cut off are not lost) and {@link BoundaryFilter} drops the repeats.
 * A full page whose entries all share one nanosecond would repeat forever; that nanosecond is then
 * read alone with the server's maximum limit and paging resumes one nanosecond later.
 */
final class WindowPager {

    private final RetryingQuerier querier;
    private final String query;
    private final int pageSize;
    private final int maxPageSize;

    WindowPager(RetryingQuerier querier, LokiReaderConfig config) {
        this.querier = querier;
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
            List<RawLine> page = fetch(start, to, pageSize);
            filter.accept(page, out);
            if (page.size() < pageSize) {
                break;
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

    private List<RawLine> readWholeNanosecond(long ts) throws LokiQueryException, InterruptedException {
        List<RawLine> all = fetch(ts, ts + 1, maxPageSize);
        if (all.size() >= maxPageSize) {
            // Refusing beats guessing: skipping the rest would lose entries without a trace.
            throw new LokiQueryException(0, "too_many_at_one_timestamp", false,
                    "at least " + all.size() + " entries share the timestamp " + ts + " ns ("
                            + Timestamps.ofNanos(ts) + ") and a page cannot be split within one nanosecond",
                    "raise --max-page-size above " + all.size()
                            + " and the server's max_entries_limit_per_query with it", null);
        }
        return all;
    }

    private List<RawLine> fetch(long start, long end, int limit) throws LokiQueryException, InterruptedException {
        return EntryOrder.sorted(querier.query(query, start, end, limit));
    }
}
