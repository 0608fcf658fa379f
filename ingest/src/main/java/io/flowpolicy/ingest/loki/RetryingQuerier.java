package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one query through the concurrency limiter, retrying retryable failures with capped
 * exponential backoff and jitter, and counting requests, errors and retries. A request's 1st, 2nd, 4th, 8th, …
 * failure is logged as a warning, and its first answer after failures, so that an outage shows in the log without
 * flooding it (following retries for as long as Loki is down).
 */
final class RetryingQuerier {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingQuerier.class);

    private final LokiQuerier delegate;
    private final AdaptiveLimiter limiter;
    private final LokiReaderStats stats;
    private final Sleeper sleeper;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;

    RetryingQuerier(LokiQuerier delegate, AdaptiveLimiter limiter, LokiReaderStats stats, Sleeper sleeper,
                    LokiReaderConfig config) {
        this.delegate = delegate;
        this.limiter = limiter;
        this.stats = stats;
        this.sleeper = sleeper;
        this.initialBackoff = config.initialBackoff();
        this.maxBackoff = config.maxBackoff();
        this.maxAttempts = config.maxAttempts();
    }

    List<RawLine> query(String query, long startNanos, long endNanos, int limit)
            throws LokiQueryException, InterruptedException {
        return query(query, startNanos, endNanos, limit, false);
    }

    /**
     * @param splittable the caller can ask for a shorter range instead: a timeout is then thrown at once rather
     *                   than retried, since the same range would likely time out again
     */
    List<RawLine> query(String query, long startNanos, long endNanos, int limit, boolean splittable)
            throws LokiQueryException, InterruptedException {
        return retrying(startNanos, endNanos, splittable, () -> delegate.queryRange(query, startNanos, endNanos,
            limit));
    }

    /** The streams {@code selector} matches in the range ({@link LokiQuerier#series}), retried as a query is. */
    List<Map<String, String>> series(String selector, long startNanos, long endNanos)
            throws LokiQueryException, InterruptedException {
        return retrying(startNanos, endNanos, false, () -> delegate.series(selector, startNanos, endNanos));
    }

    /** One request to Loki. */
    @FunctionalInterface
    private interface Request<T> {
        T send() throws LokiQueryException, InterruptedException;
    }

    private <T> T retrying(long startNanos, long endNanos, boolean splittable, Request<T> request)
            throws LokiQueryException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            LokiQueryException failure;
            limiter.acquire();
            try {
                stats.recordRequest();
                T answer = request.send();
                limiter.onSuccess();
                if (attempt > 1) {
                    LOG.info("Loki answered again, at attempt {}", attempt);
                }
                return answer;
            } catch (LokiQueryException e) {
                failure = e;
            } finally {
                limiter.release();
            }
            stats.recordError(failure.errorClass());
            if (!failure.retryable() || splittable && failure.rangeTooLong()) {
                throw failure;
            }
            if (maxAttempts > 0 && attempt >= maxAttempts) {
                throw new LokiQueryException(failure.status(), failure.errorClass(), false,
                        "gave up on " + Timestamps.ofNanos(startNanos) + " to " + Timestamps.ofNanos(endNanos)
                            + " after " + attempt + " attempts, last: " + failure.lokiMessage(),
                        "raise --max-attempts or retry later", failure);
            }
            if (failure.status() == 429) {
                limiter.onThrottled();
            }
            stats.recordRetry();
            Duration delay = delay(attempt);
            if (Integer.bitCount(attempt) == 1) {
                LOG.warn("Loki request failed ({}{}), attempt {}{}; retrying in {} ms", failure.status() > 0
                    ? "HTTP " + failure.status() + ": " : "", failure.lokiMessage(), attempt,
                    maxAttempts > 0 ? " of at most " + maxAttempts : "", delay.toMillis());
            }
            sleeper.sleep(delay);
        }
    }

    /** "Equal jitter": half the exponential delay fixed, half random, so parallel readers spread out. */
    Duration delay(int attempt) {
        long cap = maxBackoff.toMillis();
        long exp = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
        long d = Math.min(cap, exp < 0 ? cap : exp);
        long half = d / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(d - half + 1));
    }
}
