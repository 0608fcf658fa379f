package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.RawLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Loki becomes unreachable (connections refused) in the middle of a backfill and comes back: ingest either waits it
 * out, or gives up and resumes from its checkpoint on the next run; either way every line is published once. The
 * outage lasts 8 s by default and 30 s with {@code -Psoak} (system property {@code flowpolicy.outage.seconds}).
 * Throttling (429), server errors and slow answers: {@code IngestCommandIT}.
 */
class IngestLokiOutageIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final long END = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
    private static final long FROM = END - 7 * TestFlowLines.NANOS_PER_DAY;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createTopics() {
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 2);
    }

    @Test
    void shouldWaitOutALokiOutageAndPublishEveryLineOnce() throws Exception {
        List<RawLine> lines = LokiLines.week("outage-wait", END, 8_000, 800, 21);
        try (LokiTestServer server = new LokiTestServer(); OutageProxy proxy = new OutageProxy(server.uri())) {
            LokiLines.load(server, lines);
            CompletableFuture<Integer> ingest = CompletableFuture.supplyAsync(() -> run(proxy, "outage-wait", "0"));
            awaitRequests(server, 10);
            proxy.down();
            TimeUnit.SECONDS.sleep(Integer.getInteger("flowpolicy.outage.seconds", 8));
            assertFalse(ingest.isDone(), "ingest must wait for Loki, not finish or give up: " + err);
            proxy.up();

            assertEquals(0, ingest.get(180, TimeUnit.SECONDS), err.toString());
        }
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(LokiLines.published(KAFKA.bootstrapServers(),
            "outage-wait")));
    }

    @Test
    void shouldResumeFromTheCheckpointAfterGivingUpOnAnUnreachableLoki() throws Exception {
        List<RawLine> lines = LokiLines.week("outage-resume", END, 8_000, 800, 22);
        try (LokiTestServer server = new LokiTestServer(); OutageProxy proxy = new OutageProxy(server.uri())) {
            LokiLines.load(server, lines);
            CompletableFuture<Integer> ingest = CompletableFuture.supplyAsync(() -> run(proxy, "outage-resume", "3"));
            awaitRequests(server, 10);
            proxy.down();
            int gaveUp = ingest.get(180, TimeUnit.SECONDS);
            int before = server.queryRequests();
            proxy.up();

            assertNotEquals(0, gaveUp, "three attempts against a refused port must fail: " + err);
            assertEquals(0, run(proxy, "outage-resume", "3"), err.toString());
            assertTrue(server.queryRequests() > before, "the second run must ask for what was left");
        }
        // Starting over instead of resuming would publish the lines of the first run's committed windows again.
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(LokiLines.published(KAFKA.bootstrapServers(),
            "outage-resume")));
    }

    private int run(OutageProxy proxy, String tag, String maxAttempts) {
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
            proxy.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END),
            "--request-timeout", "2s", "--max-backoff", "300ms", "--max-attempts", maxAttempts,
            "--query", "{test=\"" + tag + "\"} |= \"calico-packet\"", "--metrics-port", "0");
    }

    private static void awaitRequests(LokiTestServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.queryRequests() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ingest made only " + server.queryRequests() + " requests");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
