package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a separate ingest JVM at seeded random points of a backfill, then a restart: the raw topic
 * holds every line exactly once. Loki and Kafka stay in this JVM; only the ingest process dies.
 */
class IngestKillIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopicsKeepingWeekOldLines() {
        // The lines are up to a week old and keep that timestamp; default 7-day retention would delete the oldest.
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 4);
    }

    private static final long END = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
    private static final long FROM = END - 7 * TestFlowLines.NANOS_PER_DAY;
    private static final String QUERY = "{test=\"kill\"} |= \"calico-packet\"";

    @TempDir
    Path dir;

    @Test
    void shouldHoldEveryLineExactlyOnceAfterKillNineAndRestart() throws Exception {
        // Ten times the lines a transaction commits at most, so that commits, and kills after them, fall all over it.
        List<RawLine> lines = LokiLines.week("kill", END, 100_000, 4_000, 21);
        Random random = new Random(42);
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, lines);
            // Every request a little slow, so a 10-minute-window backfill takes long enough to be killed in.
            server.faults(0, 1.0, Duration.ofMillis(15), 5);
            String source = LokiIngest.sourceId(server.uri(), null, QUERY);
            List<Long> killedAt = new ArrayList<>();
            for (int kill = 0; kill < 3; kill++) {
                long cursorBefore = cursor(source);
                double fraction = 0.15 + 0.25 * kill + random.nextDouble() * 0.15;
                long target = FROM + (long) ((END - FROM) * fraction);
                Process p = start(server, "run-" + kill);
                awaitCursor(source, Math.max(target, cursorBefore + 1), p);
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                killedAt.add(cursor(source));
            }
            Process last = start(server, "final");
            assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the last run did not finish");
            assertEquals(0, last.exitValue(), Files.readString(dir.resolve("final.log")));
            assertEquals(END, cursor(source));
            assertTrue(FROM < killedAt.get(0) && killedAt.get(0) < killedAt.get(1) && killedAt.get(1) < killedAt.get(2)
                && killedAt.get(2) < END, "kills must fall at increasing points inside the backfill: " + killedAt);
        }
        List<RawLine> published = LokiLines.published(KAFKA.bootstrapServers(), "kill");
        assertEquals(100_000, published.size());
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(published));
    }

    private Process start(LokiTestServer server, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            "io.flowpolicy.local.FlowpolicyCommand", "ingest", "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--loki-url", server.uri().toString(), "--query", QUERY, "--from", LokiLines.rfc3339(FROM),
            "--to", LokiLines.rfc3339(END), "--split-interval", "10m", "--metrics-port", "0");
        File log = dir.resolve(name + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static long cursor(String source) {
        Optional<IngestCheckpoint> c = CheckpointStore.read(KAFKA.bootstrapServers(), source, Duration.ofSeconds(30));
        return c.map(IngestCheckpoint::cursor).orElse(-1L);
    }

    private static boolean checkpointTopicExists() throws Exception {
        try (var admin = KAFKA.broker().admin()) {
            return admin.listTopics().names().get().contains(io.flowpolicy.model.Topics.INGEST_CHECKPOINTS.name());
        }
    }

    private void awaitCursor(String source, long target, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!checkpointTopicExists() || cursor(source) < target) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("ingest ended or stalled before cursor " + target + " (exit "
                    + (p.isAlive() ? "-" : p.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
    }
}
