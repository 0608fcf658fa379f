package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetryingQuerierTest {

    private final LokiReaderStats stats = new LokiReaderStats();
    private final List<Duration> sleeps = new ArrayList<>();

    private RetryingQuerier retrying(LokiQuerier q, LokiReaderConfig config, AdaptiveLimiter limiter) {
        return new RetryingQuerier(q, limiter, stats, sleeps::add, config);
    }

    private static LokiQueryException status(int code) {
        return LokiErrors.forStatus(code, "failure " + code);
    }

    /** Fails its first {@code times} calls with a new {@code failure} each, then answers with no line; counts calls. */
    private static LokiQuerier failingFirst(int times, Supplier<LokiQueryException> failure, AtomicInteger calls) {
        return (q, s, e, l) -> {
            if (calls.incrementAndGet() <= times) {
                throw failure.get();
            }
            return List.of();
        };
    }

    @Test
    void shouldHalveParallelismOnThrottlingDownToOneAndGrowBackSlowly() throws Exception {
        LokiQuerier throttledThrice = failingFirst(3, () -> status(429), new AtomicInteger());
        AdaptiveLimiter limiter = new AdaptiveLimiter(4, stats);
        RetryingQuerier r = retrying(throttledThrice, LokiReaderConfig.of("{a=\"b\"}").withParallelism(4), limiter);

        r.query("{a=\"b\"}", 0, 1, 10);
        assertEquals(1, stats.parallelism());
        for (int i = 0; i < AdaptiveLimiter.SUCCESSES_TO_GROW - 1; i++) {
            r.query("{a=\"b\"}", 0, 1, 10);
        }
        assertEquals(2, stats.parallelism());
        assertEquals(3, stats.retries());
        assertEquals(3, stats.errors("http_429"));
    }

    @Test
    void shouldGiveUpAfterTheAttemptLimitWithTheLastFailureAsCause() {
        LokiQuerier alwaysDown = (q, s, e, l) -> {
            throw status(503);
        };
        LokiReaderConfig config = LokiReaderConfig.of("{a=\"b\"}").withMaxAttempts(3);
        RetryingQuerier r = retrying(alwaysDown, config, new AdaptiveLimiter(2, stats));

        LokiQueryException e = assertThrows(LokiQueryException.class,
            () -> r.query("{a=\"b\"}", 1_763_337_600_000_000_000L, 1_763_341_200_000_000_000L, 10));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up on 2025-11-17T00:00:00Z to 2025-11-17T01:00:00Z"), e.getMessage());
        assertTrue(e.getCause() instanceof LokiQueryException);
        assertEquals(3, stats.requests());
        assertEquals(2, sleeps.size());
    }

    @Test
    void shouldNotRetryBadRequests() {
        LokiQuerier bad = (q, s, e, l) -> {
            throw status(400);
        };
        RetryingQuerier r = retrying(bad, LokiReaderConfig.of("{a=\"b\"}"), new AdaptiveLimiter(2, stats));

        assertThrows(LokiQueryException.class, () -> r.query("{a=\"b\"}", 0, 1, 10));
        assertEquals(1, stats.requests());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void shouldHandATimeoutBackAtOnceWhenTheCallerCanSplitTheRange() {
        AtomicInteger calls = new AtomicInteger();
        LokiQuerier slow = (q, s, e, l) -> {
            calls.incrementAndGet();
            throw status(504);
        };
        RetryingQuerier r = retrying(slow, LokiReaderConfig.of("{a=\"b\"}"), new AdaptiveLimiter(2, stats));

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> r.query("{a=\"b\"}", 0, 1, 10, true));

        assertTrue(e.rangeTooLong());
        assertEquals(1, calls.get());
        assertEquals(1, stats.errors("http_504"));
        assertEquals(0, stats.retries());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void shouldRetryATimeoutWhenTheRangeCannotBeSplit() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LokiQuerier slowOnce = failingFirst(1, () -> LokiErrors.transport("timeout", "no answer within 90s", null),
            calls);
        RetryingQuerier r = retrying(slowOnce, LokiReaderConfig.of("{a=\"b\"}"), new AdaptiveLimiter(2, stats));

        assertEquals(List.of(), r.query("{a=\"b\"}", 0, 1, 10, false));
        assertEquals(2, calls.get());
        assertEquals(1, stats.retries());
    }

    @Test
    void shouldRetryOtherServerErrorsEvenWhenTheRangeCouldBeSplit() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LokiQuerier downOnce = failingFirst(1, () -> status(503), calls);
        RetryingQuerier r = retrying(downOnce, LokiReaderConfig.of("{a=\"b\"}"), new AdaptiveLimiter(2, stats));

        r.query("{a=\"b\"}", 0, 1, 10, true);
        assertEquals(2, calls.get());
        assertEquals(1, stats.retries());
    }

    /** An outage while following shows in the log, without a line per retry. */
    @Test
    void shouldLogTheFirstSecondFourthAndEighthFailureAndTheAnswerAfterThem() throws Exception {
        LokiQuerier downNineTimes = failingFirst(9, () -> status(503), new AtomicInteger());
        RetryingQuerier r = retrying(downNineTimes, LokiReaderConfig.of("{a=\"b\"}").withMaxAttempts(0),
            new AdaptiveLimiter(2, stats));
        ch.qos.logback.classic.Logger logger =
            (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RetryingQuerier.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
            new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            r.query("{a=\"b\"}", 0, 1, 10);
        } finally {
            logger.detachAppender(log);
        }

        List<String> messages = log.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
            .toList();
        assertEquals(5, messages.size(), messages.toString());
        for (int i = 0; i < 4; i++) {
            assertTrue(messages.get(i).startsWith("Loki request failed (HTTP 503: failure 503), attempt "
                + (1 << i) + "; retrying in "), messages.get(i));
        }
        assertEquals("Loki answered again, at attempt 10", messages.get(4));
    }

    @Test
    void shouldBackOffExponentiallyWithJitterUpToTheCap() {
        LokiQuerier none = (q, s, e, l) -> List.<RawLine>of();
        LokiReaderConfig config = LokiReaderConfig.of("{a=\"b\"}")
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        RetryingQuerier r = retrying(none, config, new AdaptiveLimiter(2, stats));

        for (int i = 0; i < 50; i++) {
            long first = r.delay(1).toMillis();
            long fourth = r.delay(4).toMillis();
            long late = r.delay(40).toMillis();
            assertTrue(first >= 100 && first <= 200, "attempt 1: " + first);
            assertTrue(fourth >= 800 && fourth <= 1600, "attempt 4: " + fourth);
            assertTrue(late >= 5000 && late <= 10_000, "capped: " + late);
        }
    }
}
