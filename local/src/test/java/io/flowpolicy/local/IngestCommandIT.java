package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code flowpolicy ingest} run in-process against the Loki test server and a real broker. */
class IngestCommandIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopicsKeepingWeekOldLines() {
        // The lines are up to a week old and keep that timestamp; default 7-day retention would delete the oldest.
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 4);
    }

    private static final long END = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
    private static final long FROM = END - 7 * TestFlowLines.NANOS_PER_DAY;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPublishEveryLineOfAWeekExactlyOnceIncludingIdenticalLinesOnThreeStreams() throws Exception {
        List<RawLine> lines = LokiLines.week("backfill", END, 30_000, 4_000, 11);
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, lines);

            int exit = run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END));

            assertEquals(0, exit, err.toString());
        }
        List<RawLine> published = LokiLines.published(KAFKA.bootstrapServers(), "backfill");
        assertEquals(30_000, published.size());
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(published));
        assertTrue(out.toString().contains("published 30000 lines"), out.toString());
    }

    @Test
    void shouldKeyEachLineByItsNodeAndStampItWithTheLokiTimestamp() throws Exception {
        List<RawLine> lines = LokiLines.week("keys", END, 200, 20, 12);
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, lines);
            assertEquals(0, run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END)),
                err.toString());
        }
        int keyed = 0;
        for (ConsumerRecord<String, RawLines> r : TopicReader.readAll(KAFKA.bootstrapServers(), Topics.RAW_LINES,
            Duration.ofMinutes(1))) {
            List<RawLine> tagged = r.value().lines().stream()
                .filter(line -> "keys".equals(line.labels().get(LokiLines.TAG))).toList();
            if (tagged.isEmpty()) {
                continue;
            }
            assertEquals(r.value().lines(), tagged, "a record holds the lines of one ingest");
            assertEquals(tagged.get(0).instant().toEpochMilli(), r.timestamp(), "the record has its first line's time");
            for (RawLine line : tagged) {
                assertEquals(line.labels().get("host"), r.key());
                keyed++;
            }
        }
        assertEquals(200, keyed);
    }

    @Test
    void shouldPublishExactlyOnceWhenTenPercentOfRequestsFailAndSomeTimeOut() throws Exception {
        List<RawLine> lines = LokiLines.week("faults", END, 30_000, 4_000, 13);
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, lines);
            server.faults(0.10, 0.03, Duration.ofMillis(700), 7);

            int exit = run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END),
                "--request-timeout", "300ms", "--max-backoff", "300ms", "--max-attempts", "0", "--query",
                "{test=\"faults\"} |= \"calico-packet\"");

            assertEquals(0, exit, err.toString());
            assertTrue(server.queryRequests() > 168, "requests: " + server.queryRequests());
        }
        List<RawLine> published = LokiLines.published(KAFKA.bootstrapServers(), "faults");
        assertEquals(30_000, published.size());
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(published));
    }

    @Test
    void shouldResumeFromTheCheckpointInsteadOfRepublishingTheRange() throws Exception {
        List<RawLine> lines = LokiLines.week("resume", END, 1_000, 100, 14);
        String query = "{test=\"resume\"}";
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, lines);
            String[] args = {"ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END),
                "--query", query};
            assertEquals(0, run(args), err.toString());
            int requests = server.queryRequests();

            assertEquals(0, run(args), err.toString());

            assertEquals(requests, server.queryRequests(), "the second run must not ask Loki again");
        }
        assertEquals(1_000, LokiLines.published(KAFKA.bootstrapServers(), "resume").size());
        Map<String, IngestCheckpoint> checkpoints =
            TopicReader.latestByKey(KAFKA.bootstrapServers(), Topics.INGEST_CHECKPOINTS, Duration.ofMinutes(1));
        assertTrue(checkpoints.values().stream().anyMatch(c -> query.equals(c.query()) && c.cursor() == END),
            checkpoints.toString());
    }

    @Test
    void shouldWaitForToPlusLagBeforeEndingABackfillWhoseToIsLaterThanNowMinusLag() throws Exception {
        long now = TestFlowLines.nowNanos();
        long to = now + Duration.ofSeconds(2).toNanos();
        Map<String, String> stream = Map.of("job", "node-journal", "host", "node-1", LokiLines.TAG, "waits");
        RawLine settled = RawLine.of(now - Duration.ofMinutes(10).toNanos(), stream, TestFlowLines.line(1));
        // Within --lag of now, and just before --to: Loki may still receive such lines, so it is read last.
        RawLine recent = RawLine.of(to - 1, stream, TestFlowLines.line(2));
        try (LokiTestServer server = new LokiTestServer()) {
            server.push(stream, settled.tsNanos(), settled.line());
            server.push(stream, recent.tsNanos(), recent.line());

            int exit = run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(now - Duration.ofHours(1).toNanos()), "--to",
                LokiLines.rfc3339(to), "--lag", "1s", "--poll-interval", "500ms", "--query", "{test=\"waits\"}");

            assertEquals(0, exit, err.toString());
        }
        assertEquals(Set.of(settled, recent), Set.copyOf(LokiLines.published(KAFKA.bootstrapServers(), "waits")));
        assertTrue(out.toString().contains("published 2 lines from "), out.toString());
    }

    @Test
    void shouldPickUpLinesPushedAfterFollowingStarted() throws Exception {
        try (LokiTestServer server = new LokiTestServer()) {
            long now = TestFlowLines.nowNanos();
            server.push(Map.of("job", "node-journal", "host", "node-1", LokiLines.TAG, "follow"), now - 30_000_000_000L,
                TestFlowLines.line(1));
            Thread follower = new Thread(() -> run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--loki-url", server.uri().toString(), "--from", LokiLines.rfc3339(now - 60_000_000_000L), "--lag", "1s",
                "--poll-interval", "200ms", "--query", "{test=\"follow\"}"), "follow-test");
            follower.start();
            try {
                awaitPublished("follow", 1, Duration.ofSeconds(60));
                long pushedAt = System.nanoTime();
                server.push(Map.of("job", "node-journal", "host", "node-2", LokiLines.TAG, "follow"),
                    TestFlowLines.nowNanos(), TestFlowLines.line(2));

                awaitPublished("follow", 2, Duration.ofSeconds(30));

                double seconds = (System.nanoTime() - pushedAt) / 1e9;
                // lag 1s + poll 0.2s, plus a transaction commit and the reading back here
                assertTrue(seconds < 5, "picked up after " + seconds + " s");
            } finally {
                follower.interrupt();
                follower.join(30_000);
            }
        }
    }

    @Test
    void shouldStopWithLokisMessageAndTheOptionToFixOnBadRequest() throws Exception {
        try (LokiTestServer server = new LokiTestServer()) {
            int exit = run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
                server.uri().toString(), "--from", LokiLines.rfc3339(FROM), "--to", LokiLines.rfc3339(END),
                "--query", "{job=\"node-journal\"");

            assertEquals(1, exit);
            assertTrue(err.toString().contains("HTTP 400"), err.toString());
            assertTrue(err.toString().contains("--query"), err.toString());
        }
    }

    private void awaitPublished(String tag, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (LokiLines.published(KAFKA.bootstrapServers(), tag).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " lines not published within " + timeout + "; err: " + err);
            }
            Thread.sleep(100);
        }
    }

    private int run(String... args) {
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // Several runs may overlap (and other builds share the machine): no endpoint on the fixed default port.
        String[] withoutMetrics = java.util.Arrays.copyOf(args, args.length + 2);
        withoutMetrics[args.length] = "--metrics-port";
        withoutMetrics[args.length + 1] = "0";
        return cl.execute(withoutMetrics);
    }
}
