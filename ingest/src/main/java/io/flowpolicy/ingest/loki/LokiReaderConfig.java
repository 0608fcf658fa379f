package io.flowpolicy.ingest.loki;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LokiRangeReader} walks a range: query, window length, page sizes, parallelism and
 * retry policy. Immutable; the {@code with*} methods return modified copies.
 *
 * @param query          the LogQL log query ({@code --query})
 * @param splitInterval  the longest window ({@code --split-interval}, default 1h, Loki's own split)
 * @param pageSize       the {@code limit} of ordinary pages ({@code --page-size}, default 5000)
 * @param maxPageSize    the server's {@code max_entries_limit_per_query} ({@code --max-page-size},
 *                       default 5000), used when one nanosecond holds a full page
 * @param parallelism    the most windows read at once ({@code --parallelism}, default 2)
 * @param initialBackoff the first retry delay (default 200ms)
 * @param maxBackoff     the retry delay cap ({@code --max-backoff}, default 10s)
 * @param maxAttempts    attempts per request before giving up ({@code --max-attempts}, default 10;
 *                       0 = retry forever, as in follow mode)
 */
public record LokiReaderConfig(String query, Duration splitInterval, int pageSize, int maxPageSize,
                               int parallelism, Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

    public LokiReaderConfig {
        Objects.requireNonNull(query, "--query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("--query is blank");
        }
        if (splitInterval == null || splitInterval.toNanos() < 1_000_000) {
            throw new IllegalArgumentException("--split-interval < 1ms: " + splitInterval);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("--page-size < 1: " + pageSize);
        }
        if (maxPageSize < pageSize) {
            throw new IllegalArgumentException("--page-size " + pageSize + " > --max-page-size " + maxPageSize
                    + " (the server's max_entries_limit_per_query)");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism < 1: " + parallelism);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= --max-backoff: "
                    + initialBackoff + ", " + maxBackoff);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("--max-attempts < 0: " + maxAttempts);
        }
    }

    /** The defaults for a query. */
    public static LokiReaderConfig of(String query) {
        return new LokiReaderConfig(query, Duration.ofHours(1), 5000, 5000, 2,
                Duration.ofMillis(200), Duration.ofSeconds(10), 10);
    }

    /** The same reader with another LogQL query, e.g. for a second source on the same Loki. */
    public LokiReaderConfig withQuery(String q) {
        return new LokiReaderConfig(q, splitInterval, pageSize, maxPageSize, parallelism, initialBackoff, maxBackoff,
                maxAttempts);
    }

    public LokiReaderConfig withSplitInterval(Duration d) {
        return new LokiReaderConfig(query, d, pageSize, maxPageSize, parallelism, initialBackoff, maxBackoff,
                maxAttempts);
    }

    /** Sets the ordinary page size; it must not exceed {@link #maxPageSize()}. */
    public LokiReaderConfig withPageSize(int size) {
        return new LokiReaderConfig(query, splitInterval, size, maxPageSize, parallelism,
                initialBackoff, maxBackoff, maxAttempts);
    }

    public LokiReaderConfig withMaxPageSize(int size) {
        return new LokiReaderConfig(query, splitInterval, pageSize, size, parallelism, initialBackoff, maxBackoff,
                maxAttempts);
    }

    public LokiReaderConfig withParallelism(int n) {
        return new LokiReaderConfig(query, splitInterval, pageSize, maxPageSize, n, initialBackoff, maxBackoff,
                maxAttempts);
    }

    public LokiReaderConfig withBackoff(Duration initial, Duration max) {
        return new LokiReaderConfig(query, splitInterval, pageSize, maxPageSize, parallelism, initial, max,
                maxAttempts);
    }

    public LokiReaderConfig withMaxAttempts(int attempts) {
        return new LokiReaderConfig(query, splitInterval, pageSize, maxPageSize, parallelism, initialBackoff,
                maxBackoff, attempts);
    }
}
