package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.List;
import java.util.Map;

/**
 * One forward {@code query_range} request: the seam between the paging logic and HTTP.
 *
 * <p>Implementations return the entries of all result streams, in any order; the caller sorts.
 */
@FunctionalInterface
public interface LokiQuerier {

    /**
     * Returns at most {@code limit} entries with {@code startNanos <= ts < endNanos}, the earliest
     * first when more exist. Blocks for one HTTP round trip.
     *
     * @throws LokiQueryException   when the request failed; see {@link LokiQueryException#retryable()}
     * @throws InterruptedException when the calling thread was interrupted
     */
    List<RawLine> queryRange(String query, long startNanos, long endNanos, int limit)
            throws LokiQueryException, InterruptedException;

    /**
     * The label sets of the streams that {@code selector} matches and that hold entries between {@code startNanos}
     * and {@code endNanos} ({@code GET /loki/api/v1/series}); a superset is fine. Needed only when one nanosecond
     * holds more entries than a page: those are then read one stream at a time.
     *
     * @throws LokiQueryException   as {@link #queryRange}; by default, a source that cannot list its streams
     * @throws InterruptedException when the calling thread was interrupted
     */
    default List<Map<String, String>> series(String selector, long startNanos, long endNanos)
            throws LokiQueryException, InterruptedException {
        throw new LokiQueryException(0, "unsupported", false, "this Loki source cannot list its streams", null, null);
    }
}
