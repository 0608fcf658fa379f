package io.flowpolicy.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackfillProgressTest {
    private static final long HOUR = 3_600_000_000_000L;
    private static final long FROM = 1_778_000_000_000_000_000L;

    private final AtomicLong clock = new AtomicLong();
    private final List<String> reports = new ArrayList<>();
    private final List<Long> committed = new ArrayList<>();
    private final BackfillProgress progress = new BackfillProgress((lines, end) -> committed.add(end), FROM,
        FROM + 10 * HOUR, reports::add, clock::get, Duration.ofSeconds(1));

    @Test
    void shouldReportAtMostOncePerSecondAndPassEveryWindowOn() throws Exception {
        for (int w = 1; w <= 5; w++) {
            clock.addAndGet(300_000_000L);
            progress.accept(lines(100), FROM + w * HOUR);
        }
        assertEquals(5, committed.size());
        assertEquals(1, reports.size(), reports.toString());
    }

    @Test
    void shouldShowLinesCoverageRateAndEta() throws Exception {
        clock.set(2_000_000_000L);
        progress.accept(lines(1000), FROM + 5 * HOUR);

        String report = reports.get(0);
        assertTrue(report.contains("1,000 lines"), report);
        assertTrue(report.contains("50.0% of 10h0m"), report);
        assertTrue(report.contains("500 lines/s"), report);
        assertTrue(report.endsWith("ETA 2s"), report);
    }

    @Test
    void shouldReportOnceAtTheEndAndThenStaySilentWhileFollowing() throws Exception {
        progress.accept(lines(1), FROM + 10 * HOUR);
        clock.addAndGet(5_000_000_000L);
        progress.accept(lines(1), FROM + 11 * HOUR);

        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("100.0%"), reports.get(0));
        assertEquals(2, committed.size());
    }

    private static List<RawLine> lines(int n) {
        return Collections.nCopies(n, RawLine.of(FROM, Map.of("host", "node-1"), "calico-packet: x"));
    }
}
