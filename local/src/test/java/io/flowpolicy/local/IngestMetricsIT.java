package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code flowpolicy ingest} serves its counters on /metrics while it follows the Loki test server. */
class IngestMetricsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int LINES = 40;

    @Test
    void shouldServeLinesReadPublishedLokiRequestsErrorsAndLagWhileFollowing() throws Exception {
        StringWriter err = new StringWriter();
        int port = PrometheusText.freePort();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        try (LokiTestServer server = new LokiTestServer()) {
            long now = TestFlowLines.nowNanos();
            for (int i = 0; i < LINES; i++) {
                server.push(Map.of("job", "node-journal", "host", "node-" + i % 3, "test", "metrics"),
                    now - Duration.ofSeconds(60 - i).toNanos(), TestFlowLines.line(i));
            }
            // Every other request fails (429 or 500), so errors and retries show; unlimited attempts still finish.
            server.faults(0.5, 0, Duration.ZERO, 5);
            Thread follower = new Thread(() -> {
                CommandLine cl = FlowpolicyCommand.commandLine();
                cl.setErr(new PrintWriter(err, true));
                cl.execute("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                    server.uri().toString(), "--from", LokiLines.rfc3339(now - Duration.ofMinutes(2).toNanos()),
                    "--lag", "1s", "--poll-interval", "200ms", "--max-backoff", "50ms", "--max-attempts", "0",
                    "--query", "{test=\"metrics\"}", "--metrics-bind", "127.0.0.1", "--metrics-port",
                    Integer.toString(port));
            }, "ingest-under-test");
            follower.start();
            try {
                PrometheusText scrape = PrometheusText.awaitScrape(metrics, Duration.ofSeconds(90),
                    s -> s.sum("flowpolicy_ingest_lines_published_total") >= LINES
                        && s.sum("flowpolicy_loki_request_errors_total") > 0);

                assertEquals(LINES, scrape.sum("flowpolicy_ingest_lines_published_total"), 0, err.toString());
                assertEquals(LINES, scrape.value("flowpolicy_ingest_lines_read_total{source=\"loki\"}"), 0);
                // A scrape reads the counters one after the other while requests go on, so one scrape's errors can
                // already count a request its requests figure missed. A later scrape's requests cannot: they hold
                // every failure of the earlier scrape plus the successful requests that published the lines.
                double errors = scrape.sum("flowpolicy_loki_request_errors_total");
                double requests = PrometheusText.scrape(metrics).sum("flowpolicy_loki_requests_total");
                assertTrue(errors > 0 && errors < requests, "errors " + errors + " of " + requests + " requests");
                assertTrue(scrape.sum("flowpolicy_loki_request_retries_total") > 0, scrape.samples().toString());
                assertTrue(scrape.sum("flowpolicy_ingest_transactions_committed_total") >= 1);
                double lag = scrape.value("flowpolicy_ingest_lag_seconds");
                assertTrue(lag >= 20 && lag < 600, "lag " + lag + " s; the newest line is about 21 s old");
                assertTrue(scrape.sum("jvm_memory_used_bytes") > 0, "JVM metrics missing");
                assertTrue(scrape.names().stream().anyMatch(n -> n.startsWith("kafka_producer_")),
                    "producer client metrics missing: " + scrape.names());
            } finally {
                follower.interrupt();
                follower.join(30_000);
            }
        }
    }
}
