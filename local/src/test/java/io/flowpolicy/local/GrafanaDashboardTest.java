package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.flowpolicy.ingest.loki.LokiReaderStats;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.local.deploy.RepositoryFiles;
import io.flowpolicy.sink.SinkMeters;
import io.flowpolicy.streams.metrics.ServiceMetrics;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json only queries metrics the services register, and docs/operations.md lists every
 * flowpolicy metric. The names come from the services' own meter classes on real registries, not from a list here.
 */
class GrafanaDashboardTest {
    /** Metric names in PromQL: the prefixes of the series the services export. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:flowpolicy|jvm|process|system|kafka)_[a-z0-9_]+");
    private static final Set<String> REGISTERED = new TreeSet<>();

    @BeforeAll
    static void collectRegisteredNames() {
        try (MetricsEndpoint ingest = MetricsEndpoint.start("127.0.0.1", 0);
             MetricsEndpoint sink = MetricsEndpoint.start("127.0.0.1", 0);
             MetricsEndpoint inventory = MetricsEndpoint.start("127.0.0.1", 0);
             // The producer connects on its first send only: nothing listens at this address.
             InventoryPublisher publisher = new InventoryPublisher("127.0.0.1:1", inventory.registry());
             ServiceMetrics streams = new ServiceMetrics()) {
            new IngestMeters(ingest.registry(), Clock.systemUTC()).bind(new LokiReaderStats());
            new SinkMeters(sink.registry());
            // Tagged on first use: record one of each so the series exist.
            streams.counters().lineRejected("truncated");
            streams.counters().newDestination(false);
            for (String text : new String[] {ingest.registry().scrape(), sink.registry().scrape(),
                inventory.registry().scrape(), streams.registry().scrape()}) {
                REGISTERED.addAll(PrometheusText.parse(text).names());
            }
        }
    }

    @Test
    void shouldQueryOnlyMetricsTheServicesRegister() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
            Files.readString(RepositoryFiles.root().resolve("docs/grafana-dashboard.json")));
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertFalse(used.isEmpty(), "no panel expression found");
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(REGISTERED);
        assertEquals(Set.of(), unknown, "metrics queried by the dashboard that no service registers");
    }

    @Test
    void shouldUseAPrometheusDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
            Files.readString(RepositoryFiles.root().resolve("docs/grafana-dashboard.json")));
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertEquals("datasource", variable.path("type").asText());
        assertEquals("prometheus", variable.path("query").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
        }
    }

    @Test
    void shouldListEveryFlowpolicyMetricAndLogShippingVariableInTheOperationsGuide() throws Exception {
        String doc = Files.readString(RepositoryFiles.root().resolve("docs/operations.md"));
        Set<String> missing = new TreeSet<>();
        REGISTERED.stream().filter(n -> n.startsWith("flowpolicy_") && !doc.contains("`" + n))
            .forEach(missing::add);
        LokiLogShipping.ENVIRONMENT.stream().filter(v -> !doc.contains("`" + v + "`")).forEach(missing::add);
        assertEquals(Set.of(), missing, "missing from docs/operations.md");
        assertTrue(doc.contains("grafana-dashboard.json"), "the operations guide should point at the dashboard");
    }
}
