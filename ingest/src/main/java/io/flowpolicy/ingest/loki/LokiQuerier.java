package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.List;

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
}
