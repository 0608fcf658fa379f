package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowpolicy sink} serves its commit and push counters on /metrics while it runs. */
class SinkMetricsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Instant T0 = Instant.parse("2026-05-18T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldServeCommitsCandidatesAndNoPushFailuresAfterCommittingACandidate() throws Exception {
        TopicAdmin.createAndAwait(KAFKA.bootstrapServers(), TopicLayout.newTopics(2, (short) 1), Duration.ofSeconds(30));
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        publish(new CandidatePolicy("affine", "B", "learning", 3, List.of(
            new CandidateRule(Peer.external("9.9.9.9"), "TCP", 443, T0, T0.plusSeconds(3600), 3))));
        int port = PrometheusText.freePort();
        StringWriter err = new StringWriter();
        Thread sink = new Thread(() -> {
            CommandLine cl = FlowpolicyCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.execute("sink", "--bootstrap-servers", KAFKA.bootstrapServers(), "--git-repo", bare.toUri().toString(),
                "--git-workdir", dir.resolve("clone").toString(), "--interval", "PT0.3S", "--metrics-bind",
                "127.0.0.1", "--metrics-port", Integer.toString(port));
        }, "sink-under-test");
        sink.start();
        try {
            PrometheusText scrape = PrometheusText.awaitScrape(URI.create("http://127.0.0.1:" + port + "/metrics"),
                Duration.ofSeconds(90), s -> s.sum("flowpolicy_sink_git_commits_total") >= 1);

            assertEquals(1, scrape.sum("flowpolicy_sink_git_commits_total"), 0, err.toString());
            assertEquals(1, scrape.sum("flowpolicy_sink_candidates_applied_total"), 0);
            assertEquals(0, scrape.sum("flowpolicy_sink_push_failures_total"), 0);
            assertEquals(0, scrape.value("flowpolicy_sink_pushes_pending"), 0);
            assertEquals(1, scrape.value("flowpolicy_sink_namespaces"), 0);
            assertTrue(scrape.sum("flowpolicy_sink_applies_total") >= 1);
            assertTrue(scrape.sum("jvm_memory_used_bytes") > 0, "JVM metrics missing");
            assertTrue(scrape.names().stream().anyMatch(n -> n.startsWith("kafka_consumer_")),
                "consumer client metrics missing: " + scrape.names());
        } finally {
            // The consumer's poll ends on interrupt; the command then closes its endpoint and repository.
            sink.interrupt();
            sink.join(30_000);
        }
    }

    private static void publish(CandidatePolicy policy) throws Exception {
        try (KafkaProducer<String, CandidatePolicy> producer = new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()), Topics.CANDIDATE_POLICIES.keySerde().serializer(),
            Topics.CANDIDATE_POLICIES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.CANDIDATE_POLICIES.name(), policy.namespace(), policy)).get();
        }
    }
}
