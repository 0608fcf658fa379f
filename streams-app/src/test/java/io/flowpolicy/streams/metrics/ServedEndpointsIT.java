package io.flowpolicy.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.streams.ServedService;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.api.BearerToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One service with a bearer token on a real broker: /metrics, the per-day API and the token check. */
class ServedEndpointsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String TOKEN = "s3cret-token";
    private static final String AUTH = "Bearer " + TOKEN;
    private static final Instant DAY1 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant DAY3 = DAY1.plus(java.time.Duration.ofDays(2));

    @TempDir
    static Path dir;
    private static ServedService served;

    @BeforeAll
    static void start() throws Exception {
        List<InventoryRecord> inventory = List.of(ServedService.pod("10.244.0.5", "alpha", "api"),
            ServedService.pod("10.244.1.5", "bravo", "web"));
        List<RawLine> lines = new ArrayList<>();
        // alpha: day 1 two peers twice each, day 2 nothing, day 3 one peer once.
        for (int i = 0; i < 2; i++) {
            lines.add(TopologyHarness.line(DAY1.plusSeconds(i), "10.244.0.5", "203.0.113.1", "TCP", 443));
            lines.add(TopologyHarness.line(DAY1.plusSeconds(i), "10.244.0.5", "203.0.113.2", "TCP", 443));
        }
        lines.add(TopologyHarness.line(DAY3, "10.244.0.5", "203.0.113.1", "TCP", 443));
        lines.add(TopologyHarness.line(DAY1, "10.244.1.5", "198.51.100.7", "UDP", 53));
        lines.add(new RawLine(Long.toString(Timestamps.toNanos(DAY1)), Map.of("host", "node-1"),
            "[UFW BLOCK] IN=eth0 OUT= SRC=1.2.3.4 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22 "));
        served = ServedService.start(KAFKA.bootstrapServers(), "served-it", dir.resolve("state"),
            BearerToken.of(TOKEN), inventory, lines);
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void shouldExposePipelineCountersAndClientMetricsWithoutToken() throws Exception {
        HttpResponse<String> response = served.get("/metrics", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = response.body();
        // Exactly-once counters count processing attempts: an aborted transaction replays and counts again, so
        // these are lower bounds.
        assertAtLeast(7, sample(body, "flowpolicy_lines_processed_total", ""));
        assertAtLeast(1, sample(body, "flowpolicy_lines_rejected_total", "{reason=\"foreign-line\"}"));
        // Repeats of a rule arrive at the tracker combined, so fewer records than lines.
        assertAtLeast(4, sample(body, "flowpolicy_flows_tracked_total", ""));
        assertAtLeast(3, sample(body, "flowpolicy_destinations_new_total", "{learning=\"true\"}"));
        assertEquals(0.0, sample(body, "flowpolicy_destinations_new_total", "{learning=\"false\"}"));
        assertTrue(body.contains("kafka_stream_"), "Kafka Streams client metrics");
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM memory metrics");
        assertTrue(body.contains("system_cpu_count"), "processor metrics");
    }

    @Test
    void shouldCountDistinctPeersAndFlowsPerDayIncludingEmptyDays() throws Exception {
        JsonNode answer = served.getJson("/api/namespaces/alpha/days", AUTH);
        assertEquals("alpha", answer.get("namespace").asText());
        assertEquals("UTC", answer.get("zone").asText());
        JsonNode days = answer.get("days");
        assertEquals(3, days.size(), days.toString());
        assertDay(days.get(0), "2026-05-01", 2, 4);
        assertDay(days.get(1), "2026-05-02", 0, 0);
        assertDay(days.get(2), "2026-05-03", 1, 1);
        assertEquals(404, served.get("/api/namespaces/nobody/days", AUTH).statusCode());
        assertEquals(404, served.get("/api/namespaces/alpha/weeks", AUTH).statusCode());
        assertEquals(404, served.get("/api/namespacesalpha", AUTH).statusCode());
    }

    @Test
    void shouldRefuseApiRequestsWithoutTheBearerToken() throws Exception {
        HttpResponse<String> missing = served.get("/api/namespaces", null);
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, served.get("/api/namespaces/alpha", "Bearer wrong").statusCode());
        assertEquals(401, served.get("/api/destinations/new", "Basic " + TOKEN).statusCode());
        assertEquals(2, served.getJson("/api/namespaces", AUTH).size());
        assertEquals(200, served.get("/", null).statusCode(), "the dashboard page itself holds no data");
    }

    private static void assertAtLeast(double expected, double actual) {
        assertTrue(actual >= expected, "expected at least " + expected + ", got " + actual);
    }

    private static void assertDay(JsonNode day, String date, int peers, long flows) {
        assertEquals(date, day.get("day").asText());
        assertEquals(peers, day.get("peers").asInt(), date + " peers");
        assertEquals(flows, day.get("flows").asLong(), date + " flows");
    }

    /** The value of one sample line, e.g. {@code name{labels} 3.0}. */
    private static double sample(String exposition, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + labels) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
        if (!m.find()) {
            throw new AssertionError("no sample " + name + labels + " in:\n" + exposition.lines()
                .filter(l -> l.startsWith("flowpolicy_")).reduce("", (a, b) -> a + b + "\n"));
        }
        return Double.parseDouble(m.group(1));
    }
}
