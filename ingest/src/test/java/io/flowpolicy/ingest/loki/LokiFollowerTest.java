package io.flowpolicy.ingest.loki;

import static io.flowpolicy.ingest.loki.TestFlowLines.QUERY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.MutableClock;
import io.flowpolicy.model.RawLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiFollowerTest {

    private static final Duration LAG = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Map<String, String> NODE_2 = TestFlowLines.STREAMS.get(1);

    private record Call(List<RawLine> lines, long windowEnd, Instant at) {
    }

    private LokiTestServer server;
    /** The follower's sleeper advances it one poll per permit the test grants. */
    private MutableClock clock;
    private final Semaphore polls = new Semaphore(0);
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicInteger waits = new AtomicInteger();
    private LokiClient client;
    private Sleeper stepping;
    private LokiFollower follower;
    private Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = new LokiTestServer();
        clock = new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()));
        stepping = d -> {
            waits.incrementAndGet();
            polls.acquire();
            clock.advance(d);
        };
        client = new LokiClient(LokiClientConfig.builder(server.uri()).build());
        follower = new LokiFollower(client, LokiReaderConfig.of(QUERY), LAG, POLL, clock, stepping,
                new LokiReaderStats());
    }

    private void runFrom(long cursor) {
        thread = new Thread(() -> {
            try {
                follower.run(cursor, (lines, end) -> calls.add(new Call(lines, end, clock.instant())));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "follower-under-test");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        follower.close();
        if (thread != null) {
            thread.join(5_000);
        }
        server.close();
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void shouldPickUpALinePushedAfterStartWithinLagPlusPollInterval() throws Exception {
        Instant start = clock.instant();
        long old = nanos(start.minus(Duration.ofMinutes(10)));
        server.push(NODE_2, old, TestFlowLines.line(1));
        runFrom(nanos(start.minus(Duration.ofHours(1))));
        Call first = calls.poll(10, TimeUnit.SECONDS);
        assertNotNull(first, "the first poll must deliver");
        assertEquals(List.of(RawLine.of(old, NODE_2, TestFlowLines.line(1))), restOfFirstPoll(first));

        Instant pushedAt = clock.instant();
        pushOverHttp(nanos(pushedAt), TestFlowLines.line(2));
        Call hit = null;
        for (int i = 0; i < 40 && hit == null; i++) {
            polls.release();
            Call c = calls.poll(10, TimeUnit.SECONDS);
            assertNotNull(c, "every poll with a later end must deliver");
            hit = c.lines().isEmpty() ? null : c;
        }

        assertNotNull(hit, "the pushed line never arrived");
        assertEquals(List.of(RawLine.of(nanos(pushedAt), NODE_2, TestFlowLines.line(2))), hit.lines());
        Duration delay = Duration.between(pushedAt, hit.at());
        assertTrue(delay.compareTo(LAG.plus(POLL)) <= 0, "delivered after " + delay);
        assertTrue(delay.compareTo(LAG) > 0, "must wait for the lag, delivered after " + delay);
        // A poll crossing an hour boundary arrives as two windows, so the end is at most now - lag.
        assertTrue(hit.windowEnd() <= nanos(hit.at()) - LAG.toNanos());
        follower.close();
        thread.join(5_000);
        // The cursor moves once the sink returns, so it is checked only after the follower stopped.
        assertTrue(follower.cursor() >= hit.windowEnd());
        assertEquals(null, failure.get());
    }

    @Test
    void shouldCatchUpABacklogThatLokiTimesOutOnInShorterRangesInsteadOfRetryingItForever() throws Exception {
        Instant start = clock.instant();
        List<RawLine> backlog = new ArrayList<>();
        for (int k = 0; k < 34; k++) {
            long ts = nanos(start.minus(Duration.ofHours(3)).plus(Duration.ofMinutes(5L * k)));
            server.push(NODE_2, ts, TestFlowLines.line(k));
            backlog.add(RawLine.of(ts, NODE_2, TestFlowLines.line(k)));
        }
        server.timeOutRangesLongerThan(Duration.ofMinutes(10));
        LokiReaderStats stats = new LokiReaderStats();
        follower = new LokiFollower(client, LokiReaderConfig.of(QUERY), LAG, POLL, clock, stepping, stats);
        runFrom(nanos(start.minus(Duration.ofHours(3))));

        Call first = calls.poll(10, TimeUnit.SECONDS);

        assertNotNull(first, "the first poll must deliver, not retry a range Loki cannot read in time");
        assertEquals(backlog, restOfFirstPoll(first));
        assertTrue(stats.splits() > 0, stats::toString);
        assertEquals(0, stats.retries(), "every timed-out range was asked for again at once, halved: " + stats);
        assertEquals(null, failure.get());
    }

    @Test
    void shouldStopPromptlyWhenClosedWhileWaiting() throws Exception {
        runFrom(nanos(clock.instant().minus(Duration.ofHours(1))));
        assertNotNull(calls.poll(10, TimeUnit.SECONDS));

        follower.close();
        thread.join(5_000);

        assertFalse(thread.isAlive());
        assertEquals(null, failure.get());
    }

    @Test
    void shouldReadNoFurtherThanItsLimitUntilTheLimitMoves() throws Exception {
        // Three minutes past an hour, so the poll after the limit moves always spans the hour and comes as two windows.
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1))
                .plus(Duration.ofMinutes(3)).plusMillis(748);
        clock.set(start);
        long first = nanos(start.minus(Duration.ofMinutes(10)));
        long second = nanos(start.minus(Duration.ofMinutes(5)));
        server.push(NODE_2, first, TestFlowLines.line(1));
        server.push(NODE_2, second, TestFlowLines.line(2));
        AtomicLong limit = new AtomicLong(first + 1);
        follower = new LokiFollower(client, LokiReaderConfig.of(QUERY), LAG, POLL, limit::get, clock, stepping,
                new LokiReaderStats());
        runFrom(nanos(start.minus(Duration.ofHours(1))));

        assertEquals(List.of(RawLine.of(first, NODE_2, TestFlowLines.line(1))), linesUpTo(first + 1));
        awaitWaits(1);
        polls.release();
        awaitWaits(2);
        assertEquals(null, calls.peek(), "a poll held back by the limit must read nothing");

        limit.set(Long.MAX_VALUE);
        polls.release();
        // Two polls have waited one interval each; the second reads up to its now - lag.
        long end = nanos(start.plus(POLL.multipliedBy(2)).minus(LAG));
        assertEquals(List.of(RawLine.of(second, NODE_2, TestFlowLines.line(2))), linesUpTo(end));
        assertEquals(null, failure.get());
    }

    /** The lines of the calls up to the one ending at {@code end}: a poll may come as windows split at hours. */
    private List<RawLine> linesUpTo(long end) throws InterruptedException {
        List<RawLine> lines = new ArrayList<>();
        for (Call c = null; c == null || c.windowEnd() != end; ) {
            c = calls.poll(10, TimeUnit.SECONDS);
            assertNotNull(c, "the poll must reach " + end);
            lines.addAll(c.lines());
        }
        return lines;
    }

    private void awaitWaits(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waits.get() < n) {
            assertTrue(System.nanoTime() < deadline, "the follower did not wait for poll " + n);
            Thread.sleep(5);
        }
    }

    /** The first poll spans an hour boundary, so it may come as two windows; the clock stands still meanwhile. */
    private List<RawLine> restOfFirstPoll(Call first) throws InterruptedException {
        List<RawLine> lines = new ArrayList<>(first.lines());
        long pollEnd = nanos(clock.instant()) - LAG.toNanos();
        for (Call c = first; c.windowEnd() != pollEnd; ) {
            c = calls.poll(10, TimeUnit.SECONDS);
            assertNotNull(c, "the first poll must reach now - lag");
            lines.addAll(c.lines());
        }
        return lines;
    }

    private void pushOverHttp(long ts, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"host\":\"node-2\",\"job\":\"node-journal\"},"
                + "\"values\":[[\"" + ts + "\",\"" + line + "\"]]}]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.uri() + "/loki/api/v1/push"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
    }
}
