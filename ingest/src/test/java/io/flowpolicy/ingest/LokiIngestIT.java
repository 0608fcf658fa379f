package io.flowpolicy.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.loki.LokiClient;
import io.flowpolicy.ingest.loki.LokiClientConfig;
import io.flowpolicy.ingest.loki.LokiReaderConfig;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.Sleeper;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LokiIngest} from the Loki test server to a real broker, on a clock the test sets. */
class LokiIngestIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    // Whole seconds, so that instants and nanos convert both ways without loss.
    private final long now = TestFlowLines.nowNanos() / 1_000_000_000L * 1_000_000_000L;
    private final MutableClock clock = new MutableClock(Timestamps.ofNanos(now));
    // Sources of earlier runs against an external broker keep their checkpoints; each run has sources of its own.
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private LokiTestServer server;
    private int nextLine;

    @BeforeAll
    static void createTopics() {
        TopicAdmin.createAndAwait(KAFKA.bootstrapServers(), TopicLayout.newTopics(2, (short) 1), TIMEOUT);
    }

    @BeforeEach
    void startLoki() throws Exception {
        server = new LokiTestServer();
    }

    @AfterEach
    void stopLoki() {
        server.close();
    }

    @Test
    void shouldReadTheWindowsOfABackfillLaterThanNowMinusLagOnlyOnceToPlusLagHasPassed() throws Exception {
        Duration lag = Duration.ofMinutes(2);
        long from = now - 30 * MINUTE;
        long to = now + 5 * MINUTE;
        List<RawLine> expected = new ArrayList<>(push("lag", from + MINUTE, now - 3 * MINUTE));
        LokiIngest.Settings settings = settings("lag", LokiClientConfig.builder(server.uri()).build(), from, to, lag);
        List<Duration> waits = new ArrayList<>();
        // Loki still accepts lines behind now: these arrive while the backfill waits, before --to. Time passes as
        // the backfill sleeps.
        Sleeper waiting = d -> {
            if (waits.isEmpty()) {
                expected.addAll(push("lag", now - 90_000_000_000L, now - 1, now + 4 * MINUTE));
            }
            waits.add(d);
            clock.advance(d);
        };

        LokiIngest.Result result = new LokiIngest(settings, new LokiClient(settings.client()), clock, waiting)
            .run(null);

        assertFalse(waits.isEmpty(), "the backfill must wait for --to + --lag");
        assertFalse(clock.instant().isBefore(Timestamps.ofNanos(to).plus(lag)), clock.instant()::toString);
        assertEquals(to, result.cursorNanos());
        assertEquals(expected.size(), result.published());
        assertEquals(to, CheckpointStore.read(KAFKA.bootstrapServers(), settings.sourceId(), TIMEOUT).orElseThrow()
            .cursor());
        assertEquals(TestFlowLines.multiset(expected), TestFlowLines.multiset(published("lag")));
    }

    @Test
    void shouldReadAOneOffBackfillUpToItsToEvenPastNowMinusLag() throws Exception {
        long from = now - 30 * MINUTE;
        long to = now + 60 * MINUTE;
        List<RawLine> lines = push("one-off", from, now - MINUTE, now + 59 * MINUTE);
        LokiIngest.Settings settings =
            settings("one-off", LokiClientConfig.builder(server.uri()).build(), from, to, Duration.ZERO).asOneOff();

        LokiIngest.Result result = ingest(settings).run(null);

        assertEquals(to, result.cursorNanos());
        assertEquals(TestFlowLines.multiset(lines), TestFlowLines.multiset(published("one-off")));
    }

    @Test
    void shouldResumeAtTheCheckpointOfTheIdBeforeTheBasicAuthUserCountedWhenItsOwnHasNone() throws Exception {
        long from = now - 60 * MINUTE;
        long cursor = now - 30 * MINUTE;
        long to = now - 10 * MINUTE;
        List<RawLine> before = push("upgrade", from + MINUTE, cursor - MINUTE, cursor - 1);
        List<RawLine> after = push("upgrade", cursor, cursor + MINUTE, to - 1);
        LokiIngest.Settings settings = settings("upgrade", basicAuth("tenantA"), from, to, Duration.ofMinutes(2));
        commitCheckpoint(settings.idBeforeBasicAuthUserCounted().orElseThrow(), cursor, settings);

        LokiIngest.Result result = ingest(settings).run(null);

        assertTrue(result.resumed());
        assertEquals(cursor, result.startNanos());
        assertEquals(to, result.cursorNanos());
        assertEquals(TestFlowLines.multiset(after), TestFlowLines.multiset(published("upgrade")), before::toString);
        assertEquals(to, CheckpointStore.read(KAFKA.bootstrapServers(), settings.sourceId(), TIMEOUT).orElseThrow()
            .cursor());
    }

    /** --from 7d in a deployment: after an outage longer than that, the restart must not skip to a week ago. */
    @Test
    void shouldResumeAtACheckpointOlderThanAFromThatOnlyStartsNewSources() throws Exception {
        long cursor = now - 60 * MINUTE;
        long from = now - 30 * MINUTE;
        long to = now - 10 * MINUTE;
        List<RawLine> lines = push("relative", cursor, from - MINUTE, from + MINUTE, to - 1);
        LokiIngest.Settings settings =
            settings("relative", LokiClientConfig.builder(server.uri()).build(), from, to, Duration.ofMinutes(2));
        commitCheckpoint(settings.sourceId(), cursor, settings);

        LokiIngest.Result result = ingest(settings.withFromIfNew()).run(null);

        assertTrue(result.resumed());
        assertEquals(cursor, result.startNanos());
        assertEquals(TestFlowLines.multiset(lines), TestFlowLines.multiset(published("relative")));
    }

    @Test
    void shouldKeepTheCheckpointsOfTwoBasicAuthUsersOfOneUrlAndQueryApart() throws Exception {
        long from = now - 60 * MINUTE;
        long to = now - 10 * MINUTE;
        List<RawLine> lines = push("users", from, from + MINUTE, to - 1);

        LokiIngest.Result tenantA = ingest(settings("users", basicAuth("tenantA"), from, to, Duration.ZERO)).run(null);
        LokiIngest.Result tenantB = ingest(settings("users", basicAuth("tenantB"), from, to, Duration.ZERO)).run(null);

        assertFalse(tenantB.resumed(), "tenantB must not resume at tenantA's checkpoint");
        assertEquals(lines.size(), tenantA.published());
        assertEquals(lines.size(), tenantB.published());
    }

    private LokiClientConfig basicAuth(String user) {
        return LokiClientConfig.builder(server.uri()).basicAuth(user, "token").build();
    }

    private LokiIngest.Settings settings(String test, LokiClientConfig client, long from, long to, Duration lag) {
        String query = "{job=\"node-journal\", test=\"" + test + "-" + run + "\"} |= \"calico-packet\"";
        return new LokiIngest.Settings(KAFKA.bootstrapServers(), client, LokiReaderConfig.of(query),
            Timestamps.ofNanos(from), Timestamps.ofNanos(to), lag, Duration.ofSeconds(1),
            List.of("host"));
    }

    private LokiIngest ingest(LokiIngest.Settings settings) {
        return new LokiIngest(settings, new LokiClient(settings.client()), clock, d -> { });
    }

    /** One line at each timestamp, on the test's stream. */
    private List<RawLine> push(String test, long... timestamps) {
        Map<String, String> labels = new HashMap<>(TestFlowLines.STREAMS.get(0));
        labels.put("test", test + "-" + run);
        List<RawLine> lines = new ArrayList<>();
        for (long ts : timestamps) {
            RawLine line = RawLine.of(ts, labels, TestFlowLines.line(nextLine++));
            server.push(labels, ts, line.line());
            lines.add(line);
        }
        return lines;
    }

    /** The test's lines on the raw topic, once the commits' markers are written. */
    private List<RawLine> published(String test) {
        CommitMarkers.awaitWritten(KAFKA.bootstrapServers());
        String label = test + "-" + run;
        return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.RAW_LINES, TIMEOUT).stream()
            .flatMap(r -> r.value().lines().stream()).filter(l -> label.equals(l.labels().get("test"))).toList();
    }

    private void commitCheckpoint(String sourceId, long cursor, LokiIngest.Settings settings) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
            new ByteArraySerializer())) {
            producer.send(CheckpointStore.record(sourceId,
                IngestCheckpoint.of(cursor, settings.reader().query(), clock.instant()))).get();
        }
    }
}
