package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowPagerTest {

    private static final String QUERY = "{job=\"node-journal\"}";
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long HOUR = Duration.ofHours(1).toNanos();

    private final LokiReaderStats stats = new LokiReaderStats();
    private final List<RawLine> entries = new ArrayList<>();
    private final AtomicLong longestAnsweredInTime = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger maxEntriesLimit = new AtomicInteger(Integer.MAX_VALUE);

    /** A Loki that answers forward queries from {@link #entries}, and 504 for ranges longer than it can scan. */
    private final LokiQuerier loki = (query, start, end, limit) -> {
        requests.incrementAndGet();
        if (limit > maxEntriesLimit.get()) {
            throw LokiErrors.forStatus(400, "max entries limit per query exceeded, limit > "
                + "max_entries_limit_per_query (" + limit + " > " + maxEntriesLimit.get() + ")");
        }
        if (end - start > longestAnsweredInTime.get()) {
            throw LokiErrors.forStatus(504, "request timed out, decrease the duration of the request");
        }
        return entries.stream().filter(e -> e.tsNanos() >= start && e.tsNanos() < end).limit(limit).toList();
    };

    private WindowPager pager(LokiReaderConfig config) {
        return pager(loki, config);
    }

    private WindowPager pager(LokiQuerier querier, LokiReaderConfig config) {
        return new WindowPager(new RetryingQuerier(querier, new AdaptiveLimiter(1, stats), stats, d -> { }, config),
            stats, config);
    }

    private void linePerMinute(long hours) {
        for (long t = 0; t < hours * HOUR; t += MINUTE) {
            entries.add(RawLine.of(t, Map.of("host", "node-1"), "calico-packet: IN=cali1 SRC=10.0.0.1 t=" + t));
        }
    }

    @Test
    void shouldReadATimedOutWindowInHalvesWithEveryLineOnce() throws Exception {
        linePerMinute(1);
        longestAnsweredInTime.set(Duration.ofMinutes(10).toNanos());

        List<RawLine> read = pager(LokiReaderConfig.of(QUERY)).read(0, HOUR);

        assertEquals(entries, read);
        // 60 → 30 → 15 → 7.5 minutes: three timeouts, then eight ranges of 7.5 minutes.
        assertEquals(3, stats.splits());
        assertEquals(3 + 8, requests.get());
    }

    @Test
    void shouldPageWithinANarrowedRangeWithoutLosingOrRepeatingLines() throws Exception {
        linePerMinute(2);
        longestAnsweredInTime.set(Duration.ofMinutes(20).toNanos());

        List<RawLine> read = pager(LokiReaderConfig.of(QUERY).withPageSize(7)).read(0, 2 * HOUR);

        assertEquals(entries, read);
    }

    @Test
    void shouldWidenTheRangeAgainOnceLokiAnswersInTime() throws Exception {
        linePerMinute(24);
        WindowPager pager = pager(LokiReaderConfig.of(QUERY));
        longestAnsweredInTime.set(Duration.ofMinutes(10).toNanos());
        List<RawLine> read = new ArrayList<>(pager.read(0, HOUR));
        long splitsWhileSlow = stats.splits();
        longestAnsweredInTime.set(Long.MAX_VALUE);

        int lastWindowRequests = 0;
        for (long from = HOUR; from < 24 * HOUR; from += HOUR) {
            int before = requests.get();
            read.addAll(pager.read(from, from + HOUR));
            lastWindowRequests = requests.get() - before;
        }

        assertEquals(entries, read);
        assertEquals(splitsWhileSlow, stats.splits());
        assertEquals(1, lastWindowRequests, "the last hour should be read in one request again");
        assertTrue(requests.get() < 24 * 8, "requests: " + requests.get());
    }

    @Test
    void shouldPageWithTheLimitLokiNamesWhenThePageSizeIsAboveIt() throws Exception {
        linePerMinute(2);
        maxEntriesLimit.set(25);
        List<Integer> limits = new ArrayList<>();
        LokiQuerier recording = (query, start, end, limit) -> {
            limits.add(limit);
            return loki.queryRange(query, start, end, limit);
        };
        WindowPager pager = pager(recording, LokiReaderConfig.of(QUERY).withPageSize(100).withMaxPageSize(100));

        List<RawLine> read = pager.read(0, 2 * HOUR);

        assertEquals(entries, read);
        assertEquals(100, limits.get(0));
        assertTrue(limits.subList(1, limits.size()).stream().allMatch(l -> l == 25), limits::toString);
        assertEquals(1, stats.errors("http_400"));
    }

    @Test
    void shouldNotMistakeOtherBadRequestsForTheEntryLimit() {
        linePerMinute(1);
        LokiQuerier badQuery = (query, start, end, limit) -> {
            throw LokiErrors.forStatus(400, "parse error at line 1, col 6: syntax error (1 > 0)");
        };
        WindowPager pager = pager(badQuery, LokiReaderConfig.of(QUERY));

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> pager.read(0, HOUR));

        assertEquals(400, e.status());
        assertEquals(1, stats.requests());
    }

    @Test
    void shouldRefuseANanosecondWhoseListedStreamsHoldFewerEntriesThanOnePageShowed() {
        // Six entries at one nanosecond in two streams, pages of four, and a Loki whose series misses a stream.
        sixEntriesAtOneNanosecondInTwoStreams();
        WindowPager pager = pagerOfFour(withSeries((query, start, end, limit) -> {
            String host = query.contains("node-0") ? "node-0" : query.contains("node-1") ? "node-1" : null;
            return loki.queryRange(query, start, end, Integer.MAX_VALUE).stream()
                .filter(e -> host == null || host.equals(e.labels().get("host"))).limit(limit).toList();
        }, () -> List.of(Map.of("host", "node-0"))));

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> pager.read(0, HOUR));

        assertEquals("incomplete_series", e.errorClass());
        assertTrue(e.getMessage().contains("hold 3 entries, fewer than the 4"), e.getMessage());
    }

    @Test
    void shouldSayWhyItListedStreamsWhenAGatewayRefusesSeries() {
        sixEntriesAtOneNanosecondInTwoStreams();
        WindowPager pager = pagerOfFour(withSeries(loki, () -> {
            throw LokiErrors.forStatus(404, "404 page not found");
        }));

        LokiQueryException e = assertThrows(LokiQueryException.class, () -> pager.read(0, HOUR));

        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("listing their streams to read them one at a time failed"), e.getMessage());
        assertTrue(e.getMessage().contains("allow GET /loki/api/v1/series"), e.getMessage());
    }

    private void sixEntriesAtOneNanosecondInTwoStreams() {
        for (int i = 0; i < 6; i++) {
            entries.add(RawLine.of(MINUTE, Map.of("host", "node-" + (i % 2)), "calico-packet: i=" + i));
        }
    }

    private WindowPager pagerOfFour(LokiQuerier querier) {
        return pager(querier, LokiReaderConfig.of(QUERY).withPageSize(4).withMaxPageSize(4));
    }

    /** What a series request answers, whatever it asks. */
    @FunctionalInterface
    private interface SeriesAnswer {
        List<Map<String, String>> get() throws LokiQueryException;
    }

    private static LokiQuerier withSeries(LokiQuerier ranges, SeriesAnswer series) {
        return new LokiQuerier() {
            @Override
            public List<RawLine> queryRange(String query, long start, long end, int limit)
                    throws LokiQueryException, InterruptedException {
                return ranges.queryRange(query, start, end, limit);
            }

            @Override
            public List<Map<String, String>> series(String selector, long start, long end) throws LokiQueryException {
                return series.get();
            }
        };
    }
}
