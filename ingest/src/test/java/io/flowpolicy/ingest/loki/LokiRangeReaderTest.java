package io.flowpolicy.ingest.loki;

import static io.flowpolicy.ingest.loki.TestFlowLines.NANOS_PER_DAY;
import static io.flowpolicy.ingest.loki.TestFlowLines.QUERY;
import static io.flowpolicy.ingest.loki.TestFlowLines.multiset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.NodeLabels;
import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiRangeReaderTest {

    private static final Map<String, String> NODE_1 = TestFlowLines.STREAMS.get(0);

    private LokiTestServer server;
    private long to;
    private long from;

    @BeforeEach
    void startServer() throws Exception {
        server = new LokiTestServer();
        to = TestFlowLines.nowNanos() - Duration.ofMinutes(3).toNanos();
        from = to - 7 * NANOS_PER_DAY;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LokiClient client(Duration timeout) {
        return new LokiClient(LokiClientConfig.builder(server.uri()).requestTimeout(timeout).build());
    }

    /** Reads the week with {@code config}, checks that every line came exactly once, and returns the stats. */
    private LokiReaderStats readsExactlyOnce(List<RawLine> week, LokiReaderConfig config) throws Exception {
        CollectingSink sink = new CollectingSink();
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofSeconds(10)), config);

        reader.read(from, to, sink);

        assertEquals(multiset(week), multiset(sink.lines));
        assertEquals(week.size(), sink.lines.size());
        return reader.stats();
    }

    private List<RawLine> loadWeek() {
        List<RawLine> week = TestFlowLines.week(to, 7, 30_000, 4_000, 42);
        TestFlowLines.load(server, week);
        assertEquals(30_000, server.size());
        return week;
    }

    @Test
    void shouldDeliverEveryLineOfAWeekExactlyOnce() throws Exception {
        List<RawLine> week = loadWeek();
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY)).read(from, to, sink);

        assertEquals(30_000, sink.lines.size());
        assertEquals(multiset(week), multiset(sink.lines));
    }

    @Test
    void shouldKeepSharedTimestampLinesOfAllStreamsWhenPagesAreSmall() throws Exception {
        List<RawLine> week = loadWeek();
        CollectingSink sink = new CollectingSink();
        LokiReaderConfig config = LokiReaderConfig.of(QUERY).withPageSize(37);

        new LokiRangeReader(client(Duration.ofSeconds(10)), config).read(from, to, sink);

        assertEquals(multiset(week), multiset(sink.lines));
        assertTrue(server.queryRequests() > 30_000 / 37, "small pages must actually page");
    }

    @Test
    void shouldDeliverEveryLineExactlyOnceWhenRequestsFailOrTimeOut() throws Exception {
        List<RawLine> week = loadWeek();
        server.faults(0.10, 0.03, Duration.ofMillis(700), 7);
        CollectingSink sink = new CollectingSink();
        LokiReaderConfig config = LokiReaderConfig.of(QUERY).withPageSize(200)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500));
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofMillis(300)), config);

        reader.read(from, to, sink);

        assertEquals(30_000, sink.lines.size());
        assertEquals(multiset(week), multiset(sink.lines));
        LokiReaderStats stats = reader.stats();
        assertTrue(stats.errors("http_429") > 0, stats::toString);
        assertTrue(stats.errors("http_500") > 0, stats::toString);
        assertTrue(stats.errors("timeout") > 0, stats::toString);
        // A timed-out page is asked again for half its range rather than repeated.
        assertTrue(stats.splits() > 0, stats::toString);
        assertEquals(stats.errors(), stats.retries() + stats.splits(), stats::toString);
        assertEquals(server.queryRequests(), stats.requests(), stats::toString);
    }

    @Test
    void shouldReadEveryLineOnceInShorterRangesWhenLokiTimesOutOnLongOnes() throws Exception {
        List<RawLine> week = loadWeek();
        server.timeOutRangesLongerThan(Duration.ofMinutes(10));

        LokiReaderStats stats = readsExactlyOnce(week, LokiReaderConfig.of(QUERY).withMaxAttempts(2));

        assertTrue(stats.splits() > 0, stats::toString);
        assertEquals(stats.errors("http_504"), stats.splits(), stats::toString);
        assertEquals(0, stats.retries(), stats::toString);
        // The narrowed range holds for later windows and is widened only now and then: most requests succeed.
        assertTrue(stats.splits() * 5 < stats.requests(), stats::toString);
    }

    @Test
    void shouldReadEveryLineOnceInShorterRangesWhenLokiRefusesARangeAsReadingTooManyBytes() throws Exception {
        List<RawLine> week = loadWeek();
        server.refuseRangesLongerThan(Duration.ofMinutes(10), 400, "the query would read too many bytes (query: 1.2 "
                + "GB, limit: 1.0 GB); consider adding more specific stream selectors or reduce the time range of the "
                + "query");

        LokiReaderStats stats = readsExactlyOnce(week, LokiReaderConfig.of(QUERY));

        assertTrue(stats.splits() > 0, stats::toString);
        assertEquals(stats.errors("http_400"), stats.splits(), stats::toString);
    }

    @Test
    void shouldReadEveryLineOnceInSmallerPagesWhenLokisAnswerWouldBeTooLargeToSend() throws Exception {
        List<RawLine> week = loadWeek();
        // About 180 lines an hour: hour windows must be read in pages of 100 or fewer.
        server.maxResponseEntries(100);

        LokiReaderStats stats = readsExactlyOnce(week, LokiReaderConfig.of(QUERY).withParallelism(1));

        // Halved from 5000 to 78 entries a page at most: six refusals, and the smaller page holds for the rest.
        long refused = stats.errors("http_413");
        assertTrue(refused >= 1 && refused <= 6, stats::toString);
    }

    @Test
    void shouldReadEveryLineOnceInPagesOfTheServersLimitWhenItIsBelowThePageSize() throws Exception {
        List<RawLine> week = loadWeek();
        server.maxEntriesLimit(1_000);

        LokiReaderStats stats = readsExactlyOnce(week, LokiReaderConfig.of(QUERY).withParallelism(1));

        // Only the first request was refused: the limit Loki named holds for the rest of the read.
        assertEquals(1, stats.errors("http_400"), stats::toString);
    }

    @Test
    void shouldGiveUpOnARangeThatTimesOutEvenAtTheShortestSpan() {
        long hour = Duration.ofHours(1).toNanos();
        long start = (to / hour - 1) * hour;
        server.push(NODE_1, start + hour / 2, TestFlowLines.line(0));
        server.timeOutRangesLongerThan(Duration.ofMillis(500));
        CollectingSink sink = new CollectingSink();
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY)
                .withParallelism(1).withMaxAttempts(2).withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)));

        LokiQueryException e = assertThrows(LokiQueryException.class,
                () -> reader.read(start, start + hour, sink));

        assertTrue(e.getMessage().contains("request timed out, decrease the duration"), e.getMessage());
        assertTrue(e.getMessage().contains("2 attempts"), e.getMessage());
        // One hour halved down to a range of one second: twelve splits, then the ordinary retries.
        assertEquals(12, reader.stats().splits(), reader.stats()::toString);
        assertEquals(1, reader.stats().retries(), reader.stats()::toString);
        assertTrue(sink.deliveries.isEmpty());
    }

    @Test
    void shouldKeepIdenticalLinesLoggedAtOneNanosecondByDifferentHostsAcrossPageBoundaries() throws Exception {
        long ts = to - 1_000;
        for (Map<String, String> stream : TestFlowLines.STREAMS.subList(0, 3)) {
            server.push(stream, ts - 1, TestFlowLines.line(0));
            server.push(stream, ts, TestFlowLines.line(1));
        }
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY).withPageSize(2))
                .read(ts - 10, to, sink);

        assertEquals(6, sink.lines.size());
        assertEquals(6, multiset(sink.lines).size());
    }

    @Test
    void shouldReadEveryLineOnceKeyedByItsNodeWhenStructuredMetadataSplitsStreams() throws Exception {
        Map<String, List<RawLine>> expectedByNode = new HashMap<>();
        long first = to - Duration.ofMinutes(50).toNanos();
        for (int k = 0; k < 300; k++) {
            long ts = first + k * 1_000_000L;
            // Every third line is logged by both nodes at one nanosecond: a page boundary may fall between them.
            boolean shared = k % 3 == 0;
            pushWithTraceId(expectedByNode, TestFlowLines.STREAMS.get(0), ts, TestFlowLines.line(k), k);
            pushWithTraceId(expectedByNode, TestFlowLines.STREAMS.get(1), shared ? ts : ts + 1,
                    TestFlowLines.line(shared ? k : 1000 + k), k);
        }
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY).withPageSize(7))
                .read(from, to, sink);

        NodeLabels nodes = new NodeLabels(List.of("host", "node", "instance", "hostname"));
        Map<String, List<RawLine>> readByNode = new HashMap<>();
        sink.lines.forEach(l -> readByNode.computeIfAbsent(nodes.nodeOf(l.labels()), n -> new ArrayList<>()).add(l));
        assertEquals(expectedByNode.keySet(), readByNode.keySet());
        expectedByNode.forEach((node, lines) -> assertEquals(multiset(lines), multiset(readByNode.get(node)), node));
        assertEquals(600, sink.lines.size());
    }

    /** Pushes a line whose trace_id metadata takes one of four values, so its stream comes back as four. */
    private void pushWithTraceId(Map<String, List<RawLine>> expectedByNode, Map<String, String> stream, long ts,
                                 String line, int k) {
        Map<String, String> metadata = Map.of("trace_id", "t" + k % 4);
        server.push(stream, ts, line, metadata);
        Map<String, String> returned = new HashMap<>(stream);
        returned.putAll(metadata);
        expectedByNode.computeIfAbsent(stream.get("host"), n -> new ArrayList<>()).add(RawLine.of(ts, returned, line));
    }

    @Test
    void shouldFailWithoutRetryingNamingSplitIntervalWhenAWindowExceedsMaxQueryLength() {
        Duration interval = Duration.ofHours(800);
        long start = (to / interval.toNanos() - 1) * interval.toNanos();
        CollectingSink sink = new CollectingSink();
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofSeconds(10)),
                LokiReaderConfig.of(QUERY).withSplitInterval(interval));

        LokiQueryException e = assertThrows(LokiQueryException.class,
                () -> reader.read(start, start + interval.toNanos(), sink));

        assertEquals(400, e.status());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("the query time range exceeds the limit (query length: 33d8h"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--split-interval"), e.getMessage());
        assertEquals(1, server.queryRequests());
        assertTrue(sink.deliveries.isEmpty());
    }

    /** 6,000 lines of four streams at {@code ts}, one line a nanosecond before and one after. */
    private static List<RawLine> sixThousandLinesAtOneNanosecond(long ts) {
        List<RawLine> lines = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            lines.add(RawLine.of(ts, TestFlowLines.STREAMS.get(i % 4), TestFlowLines.line(i)));
        }
        lines.add(RawLine.of(ts - 1, NODE_1, TestFlowLines.line(-1)));
        lines.add(RawLine.of(ts + 1, NODE_1, TestFlowLines.line(-2)));
        return lines;
    }

    @Test
    void shouldReadAPageThatIsAllOneNanosecondWithTheServerMaximumLimit() throws Exception {
        server.maxEntriesLimit(10_000);
        List<RawLine> expected = sixThousandLinesAtOneNanosecond(to - Duration.ofMinutes(30).toNanos());
        TestFlowLines.load(server, expected);
        CollectingSink sink = new CollectingSink();
        LokiReaderConfig config = LokiReaderConfig.of(QUERY).withPageSize(5_000).withMaxPageSize(10_000);

        new LokiRangeReader(client(Duration.ofSeconds(10)), config).read(from, to, sink);

        assertEquals(multiset(expected), multiset(sink.lines));
    }

    @Test
    void shouldReadANanosecondFullerThanTheMaximumPageOneStreamAtATime() throws Exception {
        // Four nodes' shippers stamping 6,000 lines alike, more than Loki's default entry limit of 5,000.
        long ts = to - Duration.ofMinutes(30).toNanos();
        List<RawLine> expected = sixThousandLinesAtOneNanosecond(ts);
        TestFlowLines.load(server, expected);
        server.push(Map.of("job", "other", "host", "node-1"), ts, TestFlowLines.line(-3));
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY)).read(from, to, sink);

        assertEquals(multiset(expected), multiset(sink.lines));
        assertEquals(expected.size(), sink.lines.size());
        assertEquals(1, server.seriesRequests());
    }

    @Test
    void shouldReadAStreamWhoseLabelsExtendAnothersOnceWhenItsNanosecondIsReadStreamByStream() throws Exception {
        // {host="node-1", job=…} as a selector also matches {host="node-1", job=…, unit="kernel"}.
        long ts = to - Duration.ofMinutes(30).toNanos();
        List<RawLine> expected = new ArrayList<>();
        Map<String, String> kernel = Map.of("job", "node-journal", "host", "node-1", "unit", "kernel");
        for (int i = 0; i < 6_000; i++) {
            expected.add(RawLine.of(ts, i % 3 == 0 ? NODE_1 : i % 3 == 1 ? kernel : TestFlowLines.STREAMS.get(1),
                TestFlowLines.line(i)));
        }
        TestFlowLines.load(server, expected);
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY)).read(from, to, sink);

        assertEquals(multiset(expected), multiset(sink.lines));
        assertEquals(expected.size(), sink.lines.size());
    }

    @Test
    void shouldFailNamingTheTimestampStreamAndOptionWhenOneStreamsNanosecondHoldsMoreThanTheMaximumPage() {
        long ts = to - Duration.ofMinutes(30).toNanos();
        for (int i = 0; i < 6_000; i++) {
            server.push(NODE_1, ts, TestFlowLines.line(i));
        }
        CollectingSink sink = new CollectingSink();
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY));

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> reader.read(from, to, sink));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(Long.toString(ts)), e.getMessage());
        assertTrue(e.getMessage().contains("{host=\"node-1\", job=\"node-journal\"}"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-page-size"), e.getMessage());
        assertTrue(sink.lines.stream().noneMatch(l -> l.tsNanos() == ts), "the window must not be delivered partly");
        assertTrue(sink.cursor() <= ts, "the cursor must not pass the unread timestamp");
    }

    @Test
    void shouldDeliverCompleteWindowsInOrderWithTheirEndsAsCursors() throws Exception {
        List<RawLine> week = loadWeek();
        server.faults(0, 0.2, Duration.ofMillis(30), 3);
        CollectingSink sink = new CollectingSink();
        long interval = Duration.ofHours(2).toNanos();
        LokiReaderConfig config = LokiReaderConfig.of(QUERY).withParallelism(4)
                .withSplitInterval(Duration.ofHours(2));

        new LokiRangeReader(client(Duration.ofSeconds(10)), config).read(from, to, sink);

        long previousEnd = from;
        for (CollectingSink.Delivery d : sink.deliveries) {
            assertTrue(d.windowEnd() > previousEnd, "cursors must increase");
            assertTrue(d.windowEnd() % interval == 0 || d.windowEnd() == to, "a cursor is a window's end");
            long lastTs = previousEnd;
            for (RawLine l : d.lines()) {
                assertTrue(l.tsNanos() >= lastTs && l.tsNanos() < d.windowEnd(), "in window and sorted by ts");
                lastTs = l.tsNanos();
            }
            long lastWindowStart = Math.max(previousEnd, d.windowEnd() - interval);
            long beforeLastWindow = d.lines().stream().filter(l -> l.tsNanos() < lastWindowStart).count();
            assertTrue(beforeLastWindow < LokiRangeReader.GROUP_LINES, "a group ends once it holds enough lines");
            previousEnd = d.windowEnd();
        }
        assertEquals(to, previousEnd);
        assertEquals(multiset(week), multiset(sink.lines));
    }

    @Test
    void shouldDeliverConsecutiveWindowsAsOneCallUntilTheyHoldTheGroupsLines() throws Exception {
        long hour = Duration.ofHours(1).toNanos();
        long start = 1_000 * hour;
        // 24 one-hour windows of 1,000 lines each, answered at once.
        LokiQuerier querier = (q, s, e, limit) -> linesEveryMicrosecond(s, s + 1_000_000L);
        CollectingSink sink = new CollectingSink();

        new LokiRangeReader(querier, LokiReaderConfig.of(QUERY)).read(start, start + 24 * hour, sink);

        assertEquals(24_000, sink.lines.size());
        assertEquals(List.of(10_000, 10_000, 4_000), sink.deliveries.stream().map(d -> d.lines().size()).toList());
        assertEquals(List.of(start + 10 * hour, start + 20 * hour, start + 24 * hour),
                sink.deliveries.stream().map(CollectingSink.Delivery::windowEnd).toList());
    }

    @Test
    void shouldDeliverTheWindowsReadSoFarWhenTheNextOneIsSlowerThanTheHoldTime() throws Exception {
        long hour = Duration.ofHours(1).toNanos();
        long start = 1_000 * hour;
        CountDownLatch firstTwoDelivered = new CountDownLatch(1);
        LokiQuerier querier = (q, s, e, limit) -> {
            if (s >= start + 2 * hour) {
                // The third window is answered only once the first two are delivered without it (or after 30 s).
                firstTwoDelivered.await(30, TimeUnit.SECONDS);
            }
            return linesEveryMicrosecond(s, s + 10_000);
        };
        CollectingSink sink = new CollectingSink();
        WindowSink signalling = (batch, windowEnd) -> {
            sink.accept(batch, windowEnd);
            if (windowEnd == start + 2 * hour) {
                firstTwoDelivered.countDown();
            }
        };

        new LokiRangeReader(querier, LokiReaderConfig.of(QUERY).withParallelism(1)).read(start, start + 3 * hour,
                signalling);

        assertEquals(List.of(start + 2 * hour, start + 3 * hour),
                sink.deliveries.stream().map(CollectingSink.Delivery::windowEnd).toList());
        assertEquals(30, sink.lines.size());
    }

    @Test
    void shouldDeliverTheWindowsBeforeAFailedOneBeforeFailing() {
        long hour = Duration.ofHours(1).toNanos();
        long start = 1_000 * hour;
        LokiQuerier querier = (q, s, e, limit) -> {
            if (s >= start + 2 * hour) {
                throw LokiErrors.forStatus(400, "parse error at line 1, col 1: syntax error");
            }
            return linesEveryMicrosecond(s, s + 10_000);
        };
        CollectingSink sink = new CollectingSink();

        assertThrows(LokiQueryException.class, () -> new LokiRangeReader(querier,
                LokiReaderConfig.of(QUERY).withParallelism(1)).read(start, start + 3 * hour, sink));

        assertEquals(start + 2 * hour, sink.cursor());
        assertEquals(20, sink.lines.size());
    }

    /** A line every microsecond of [from, to) on one stream. */
    private static List<RawLine> linesEveryMicrosecond(long from, long to) {
        List<RawLine> lines = new ArrayList<>();
        for (long ts = from; ts < to; ts += 1_000) {
            lines.add(RawLine.of(ts, NODE_1, TestFlowLines.line((int) (ts % 997))));
        }
        return lines;
    }

    @Test
    void shouldDeliverExactlyTheRemainderWhenRestartedFromTheCommittedCursor() throws Exception {
        List<RawLine> week = loadWeek();
        LokiRangeReader reader = new LokiRangeReader(client(Duration.ofSeconds(10)), LokiReaderConfig.of(QUERY));
        CollectingSink crashing = new CollectingSink(1);
        assertThrows(IllegalStateException.class, () -> reader.read(from, to, crashing));
        long cursor = crashing.cursor();
        assertTrue(cursor > from && cursor < to);

        CollectingSink resumed = new CollectingSink();
        reader.read(cursor, to, resumed);

        List<RawLine> all = new ArrayList<>(crashing.lines);
        all.addAll(resumed.lines);
        assertEquals(multiset(week), multiset(all));
        assertTrue(resumed.lines.stream().allMatch(l -> l.tsNanos() >= cursor));
    }

    @Test
    void shouldNotCallTheSinkForAnEmptyRange() throws Exception {
        CollectingSink sink = new CollectingSink();
        new LokiRangeReader(client(Duration.ofSeconds(1)), LokiReaderConfig.of(QUERY)).read(to, to, sink);
        assertTrue(sink.deliveries.isEmpty());
    }

    @Test
    void shouldAlignWindowsToTheSplitInterval() {
        LokiRangeReader reader = new LokiRangeReader((q, s, e, l) -> List.of(),
                LokiReaderConfig.of(QUERY).withSplitInterval(Duration.ofHours(1)));
        long hour = Duration.ofHours(1).toNanos();
        assertEquals(5 * hour, reader.windowEnd(4 * hour + 17, 100 * hour));
        assertEquals(5 * hour, reader.windowEnd(4 * hour, 100 * hour));
        assertEquals(4 * hour + 20, reader.windowEnd(4 * hour + 17, 4 * hour + 20));
    }
}
