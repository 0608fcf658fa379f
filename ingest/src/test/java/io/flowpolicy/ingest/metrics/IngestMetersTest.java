package io.flowpolicy.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.loki.LokiReaderStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IngestMetersTest {
    private static final Instant NOW = Instant.parse("2026-05-18T08:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMeters meters = new IngestMeters(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldReportLagAsNowMinusTheNewestLinePublished() {
        meters.committed(2, nanos(NOW.minusSeconds(90)));
        meters.committed(1, nanos(NOW.minusSeconds(30)));
        meters.committed(1, nanos(NOW.minusSeconds(300)));

        assertEquals(30.0, registry.get(IngestMeters.LAG).gauge().value(), 1e-9);
    }

    @Test
    void shouldReportNoLagBeforeTheFirstLineAndIgnoreEmptyTransactions() {
        meters.committed(0, Long.MIN_VALUE);

        assertTrue(Double.isNaN(registry.get(IngestMeters.LAG).gauge().value()));
        assertEquals(1, registry.get(IngestMeters.TRANSACTIONS).counter().count());
        assertEquals(0, registry.get(IngestMeters.LINES_PUBLISHED).counter().count());
    }

    /** A run that restarts into a Loki outage publishes nothing for a while: its lag must grow, not be missing. */
    @Test
    void shouldCountTheLagFromTheCheckpointARunResumedAtUntilANewerLineIsPublished() {
        meters.resumedAt(nanos(NOW.minusSeconds(600)));

        assertEquals(600.0, registry.get(IngestMeters.LAG).gauge().value(), 1e-9);

        meters.committed(1, nanos(NOW.minusSeconds(700)));
        assertEquals(600.0, registry.get(IngestMeters.LAG).gauge().value(), 1e-9);
        meters.committed(1, nanos(NOW.minusSeconds(20)));
        assertEquals(20.0, registry.get(IngestMeters.LAG).gauge().value(), 1e-9);
    }

    @Test
    void shouldCountFileLinesReadAndRejectedByReason() {
        meters.fileLineRead();
        meters.fileLineRead();
        meters.lineRejected("malformed-record");

        assertEquals(2, registry.get(IngestMeters.LINES_READ).tag("source", "file").counter().count());
        assertEquals(1, registry.get(IngestMeters.LINES_REJECTED).tag("reason", "malformed-record").counter().count());
    }

    @Test
    void shouldExportCommonLokiErrorClassesAtZeroOnceBound() {
        meters.bind(new LokiReaderStats());

        for (String errorClass : LokiReaderStats.COMMON_ERROR_CLASSES) {
            assertEquals(0, registry.get(IngestMeters.LOKI_ERRORS).tag("class", errorClass).functionCounter().count());
        }
        assertEquals(0, registry.get(IngestMeters.LINES_READ).tag("source", "loki").functionCounter().count());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
