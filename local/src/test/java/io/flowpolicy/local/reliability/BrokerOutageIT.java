package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.ConsumerGroupProgress;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologySettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker goes away under load and comes back on the same address: the transactional publisher and the
 * streams-app recover by themselves, and the outputs hold every rule exactly once. The outage lasts
 * {@value #DEFAULT_OUTAGE_SECONDS} s by default and 30 s with {@code -Psoak} (system property
 * {@value #OUTAGE_PROPERTY}).
 */
class BrokerOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerOutageIT.class);
    static final String OUTAGE_PROPERTY = "flowpolicy.outage.seconds";
    static final int DEFAULT_OUTAGE_SECONDS = 8;
    private static final String APP = "outage-it";
    private static final int BATCH = 50;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void shouldRecoverFromABrokerOutageUnderLoadWithoutLosingOrDoublingAnything() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(bootstrap, FlowData.topics(2), Duration.ofSeconds(30));
        FlowData.sendInventory(bootstrap);
        List<RawLine> lines = FlowData.lines(10, 20);
        AtomicInteger committedBatches = new AtomicInteger();
        int outageSeconds = Integer.getInteger(OUTAGE_PROPERTY, DEFAULT_OUTAGE_SECONDS);

        try (StreamsService app = service()) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(90));
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(bootstrap, lines,
                committedBatches));
            awaitAtLeast(committedBatches, 10);
            KAFKA.broker().stop();
            TimeUnit.SECONDS.sleep(outageSeconds);
            KAFKA.broker().restart();
            publishing.get(180, TimeUnit.SECONDS);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                new ConsumerGroupProgress(admin, APP).awaitCaughtUp(
                    List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name()), Duration.ofSeconds(180),
                    Duration.ofMillis(500), () -> ConsumerGroupProgress.nothingPending(app.streams()));
            }
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
        }

        assertEquals(Outcome.expectedRules(lines), Outcome.assertOneEventPerRule(bootstrap));
        Map<String, NamespaceProfile> reference = Outcome.referenceProfiles(FlowData.inventory(), lines,
            Files.createDirectories(dir.resolve("reference")));
        assertEquals(reference, Outcome.profiles(bootstrap));
    }

    /**
     * Sends the lines in committed batches, the way ingest does. A batch whose transaction fails is sent again by a
     * new publisher (the old one is fenced and its transaction aborted); if the commit did land, the repeat only
     * adds repeats of known flows, which count toward nothing that is compared here.
     */
    private static void publish(String bootstrap, List<RawLine> lines, AtomicInteger committedBatches) {
        LinePublisher publisher = new LinePublisher(bootstrap, "outage-it-ingest", LinePublisher.DEFAULT_NODE_LABELS);
        try {
            for (int from = 0; from < lines.size(); ) {
                List<RawLine> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
                try {
                    batch.forEach(publisher::send);
                    publisher.commit();
                    committedBatches.incrementAndGet();
                    from += batch.size();
                } catch (KafkaException e) {
                    LOG.warn("batch at {} failed; resending with a new publisher: {}", from, e.toString());
                    closeQuietly(publisher);
                    publisher = new LinePublisher(bootstrap, "outage-it-ingest", LinePublisher.DEFAULT_NODE_LABELS);
                }
                sleepQuietly(20);
            }
        } finally {
            closeQuietly(publisher);
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (counter.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + counter.get() + " batches committed");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static void closeQuietly(LinePublisher publisher) {
        try {
            publisher.close();
        } catch (KafkaException e) {
            LOG.warn("closing a failed publisher: {}", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private StreamsService service() throws Exception {
        return new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(), APP,
            Files.createDirectories(dir.resolve("state")), 1, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults()));
    }
}
