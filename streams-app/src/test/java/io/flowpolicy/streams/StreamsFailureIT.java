package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app whose stream threads fail on the same record again and again says so, for a finite run that would
 * otherwise wait for progress that never comes.
 */
class StreamsFailureIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void shouldReportThreadsThatKeepFailingOnARecordTheBrokerRefuses() throws Exception {
        // A profile topic created by hand with Kafka 4's default: no record time more than an hour ahead.
        TopicAdmin.createAndAwait(KAFKA.bootstrapServers(), List.of(new NewTopic(Topics.PROFILES.name(), 1, (short) 1)
            .configs(Map.of("message.timestamp.after.max.ms", "3600000", "cleanup.policy", "compact"))),
            Duration.ofSeconds(30));
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 1);
        broker.inventory(List.of(new InventoryRecord("10.244.1.1", "pod", "shop", "shop-0", "Deployment/shop",
            Map.of("app", "shop"), "node-1", List.of(), TopologyHarness.LONG_AGO, null)));
        broker.lines(List.of(TopologyHarness.line(Instant.now().plus(Duration.ofDays(3)), "10.244.1.1", "9.9.9.9",
            "TCP", 443)));

        Optional<String> failure = Optional.empty();
        try (StreamsService app = new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(),
            "streams-failure-it", dir, 1, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults()))) {
            assertTrue(app.failure(1).isEmpty(), "nothing failed before the start");
            app.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (failure.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                // A replaced thread fails again only after the group's rebalance (some 45 s): one failure will do.
                failure = app.failure(1);
            }
        }

        assertTrue(failure.isPresent(), "no failure reported within 120 s");
        assertTrue(failure.get().startsWith("the Streams app's stream threads failed 1 time; the last failure: "),
            failure.get());
        assertTrue(failure.get().contains("Timestamp"), failure.get());
    }
}
