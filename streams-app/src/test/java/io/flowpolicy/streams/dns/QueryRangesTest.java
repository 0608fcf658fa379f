package io.flowpolicy.streams.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRangesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static Instant minutes(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private static QueryInterval range(long fromMinutes, long toMinutes) {
        return new QueryInterval(minutes(fromMinutes), minutes(toMinutes));
    }

    @Test
    void shouldKeepQueriesMoreThanAWindowApartAsRangesOfTheirOwnInAnyOrder() {
        QueryRanges ranges = QueryRanges.of(minutes(60)).with(minutes(0), WINDOW).with(minutes(1440), WINDOW)
            .with(minutes(3), WINDOW).with(minutes(64), WINDOW);

        assertEquals(List.of(range(0, 3), range(60, 64), range(1440, 1440)), ranges.ranges());
        assertEquals(range(0, 3), ranges.covering(minutes(7), WINDOW).orElseThrow());
        assertTrue(ranges.covering(minutes(9), WINDOW).isEmpty());
        assertEquals(range(1440, 1440), ranges.covering(minutes(1441), WINDOW).orElseThrow());
    }

    @Test
    void shouldJoinTheRangesAQueryBridges() {
        QueryRanges ranges = QueryRanges.of(minutes(0)).with(minutes(10), WINDOW).with(minutes(20), WINDOW);

        QueryRanges bridged = ranges.with(minutes(5), WINDOW).with(minutes(15), WINDOW);

        assertEquals(3, ranges.ranges().size());
        assertEquals(List.of(range(0, 20)), bridged.ranges());
        assertSame(bridged, bridged.with(minutes(12), WINDOW));
    }

    @Test
    void shouldKeepTheLatestRangesWhenThereAreMoreThanItKeeps() {
        QueryRanges ranges = QueryRanges.of(minutes(0));
        for (int i = 1; i <= QueryRanges.MAX_RANGES; i++) {
            ranges = ranges.with(minutes(10L * i), WINDOW);
        }

        assertEquals(QueryRanges.MAX_RANGES, ranges.ranges().size());
        assertEquals(range(10, 10), ranges.ranges().get(0));
    }

    @Test
    void shouldReadTheSingleRangeEarlierReleasesKeptAsJsonAndRoundTripItsOwnForm() {
        byte[] old = "{\"from\":\"2026-05-01T10:00:00Z\",\"to\":\"2026-05-01T10:03:00Z\"}".getBytes(StandardCharsets.UTF_8);
        QueryRanges ranges = QueryRanges.of(T0.plusNanos(1)).with(minutes(60), WINDOW);

        assertEquals(List.of(range(0, 3)), QueryRanges.serde().deserializer().deserialize("t", old).ranges());
        assertEquals(ranges, QueryRanges.serde().deserializer().deserialize("t",
            QueryRanges.serde().serializer().serialize("t", ranges)));
    }
}
