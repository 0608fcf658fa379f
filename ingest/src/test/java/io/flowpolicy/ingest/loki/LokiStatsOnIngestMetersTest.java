package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.ingest.metrics.IngestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What a Loki reader counts reaches the meters of its source, and only those: {@code ingest --dns} has two. */
class LokiStatsOnIngestMetersTest {
    private static final Instant NOW = Instant.parse("2026-05-18T08:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMeters flowMeters = new IngestMeters(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldCountDnsQueryLinesOnMetersOfTheirOwnBesideTheFlows() {
        LokiReaderStats flows = new LokiReaderStats();
        LokiReaderStats queries = new LokiReaderStats();
        IngestMeters dnsMeters = flowMeters.dnsQueries();
        flowMeters.bind(flows);
        dnsMeters.bind(queries);

        flows.recordRequest();
        flows.recordWindow(5);
        queries.recordRequest();
        queries.recordRequest();
        queries.recordError("http_429");
        queries.recordWindow(2);
        flowMeters.committed(5, nanos(NOW.minusSeconds(60)));
        dnsMeters.committed(2, nanos(NOW.minusSeconds(20)));

        assertEquals(1, registry.get(IngestMeters.LOKI_REQUESTS).functionCounter().count());
        assertEquals(2, registry.get("flowpolicy.dns.loki.requests").functionCounter().count());
        assertEquals(0, registry.get(IngestMeters.LOKI_ERRORS).tag("class", "http_429").functionCounter().count());
        assertEquals(1, registry.get("flowpolicy.dns.loki.request.errors").tag("class", "http_429")
            .functionCounter().count());
        assertEquals(5, registry.get(IngestMeters.LINES_READ).tag("source", "loki").functionCounter().count());
        assertEquals(2, registry.get("flowpolicy.dns.lines.read").tag("source", "loki").functionCounter().count());
        assertEquals(5, registry.get(IngestMeters.LINES_PUBLISHED).counter().count());
        assertEquals(2, registry.get("flowpolicy.dns.lines.published").counter().count());
        assertEquals(60.0, registry.get(IngestMeters.LAG).gauge().value(), 1e-9);
        assertEquals(20.0, registry.get("flowpolicy.dns.lag").gauge().value(), 1e-9);
    }

    @Test
    void shouldExportAnErrorClassOutsideTheCommonOnesWhenItFirstHappens() {
        LokiReaderStats stats = new LokiReaderStats();
        flowMeters.bind(stats);

        stats.recordError("http_404");
        stats.recordError("http_404");
        stats.recordError("http_429");

        assertEquals(2, registry.get(IngestMeters.LOKI_ERRORS).tag("class", "http_404").functionCounter().count());
        assertEquals(1, registry.get(IngestMeters.LOKI_ERRORS).tag("class", "http_429").functionCounter().count());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
