package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.ingest.metrics.IngestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LokiReaderStatsTest {
    @Test
    void shouldTellListenersAboutEachErrorClassOnceIncludingThoseSeenBefore() {
        LokiReaderStats stats = new LokiReaderStats();
        stats.recordError("timeout");
        List<String> seen = new ArrayList<>();

        stats.onErrorClass(seen::add);
        stats.recordError("http_418");
        stats.recordError("http_418");
        stats.recordError("timeout");

        assertEquals(List.of("timeout", "http_418"), seen);
        assertEquals(2, stats.errors("http_418"));
    }

    @Test
    void shouldExportAnErrorClassFirstSeenAfterBindingWithItsCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LokiReaderStats stats = new LokiReaderStats();
        new IngestMeters(registry, Clock.systemUTC()).bind(stats);

        stats.recordError("http_418");
        stats.recordError("http_418");
        stats.recordRequest();
        stats.recordRetry();

        assertEquals(2, registry.get(IngestMeters.LOKI_ERRORS).tag("class", "http_418").functionCounter().count());
        assertEquals(1, registry.get(IngestMeters.LOKI_REQUESTS).functionCounter().count());
        assertEquals(1, registry.get(IngestMeters.LOKI_RETRIES).functionCounter().count());
    }
}
