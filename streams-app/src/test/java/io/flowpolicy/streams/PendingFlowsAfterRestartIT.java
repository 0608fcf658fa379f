package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows that an instance combined and committed but never forwarded are forwarded by the next instance as soon as it
 * runs, though no line follows them: the forwarding punctuation ticks only while there is work, and work restored
 * from the changelog counts.
 */
class PendingFlowsAfterRestartIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String APP = "pending-restart-it";

    @TempDir
    Path dir;

    @Test
    void shouldForwardFlowsCombinedBeforeARestartWithoutWaitingForAnotherLine() throws Exception {
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 2);
        ShopSample.feed(broker);
        // This instance combines and commits the flows but never forwards them: its ticks would come at multiples of
        // a century since the epoch, the next in 2069 (an hour could end while the test runs).
        try (StreamsService first = service(dir.resolve("first"),
            TopologySettings.defaults().withCombineInterval(Duration.ofDays(36_500)))) {
            first.start();
            awaitRawLinesCommitted(Duration.ofSeconds(120));
        }
        assertEquals(List.of(), TopicReader.readAll(KAFKA.bootstrapServers(), Topics.ENRICHED_FLOWS,
            Duration.ofSeconds(5)), "nothing forwarded before the restart");

        // A fresh state directory: the pending flows come back from the changelog, and no line follows them.
        try (StreamsService second = service(dir.resolve("second"), TopologySettings.defaults())) {
            second.start();
            broker.awaitProcessed(APP, Duration.ofSeconds(120), second);
        }

        List<Integer> newPorts = TopicReader.readAll(KAFKA.bootstrapServers(), Topics.NEW_DESTINATIONS,
            Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).map(NewDestination::port).toList();
        assertEquals(List.of(443, 8443), newPorts);
    }

    private static StreamsService service(Path stateDir, TopologySettings settings) throws Exception {
        return new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(), APP,
            Files.createDirectories(stateDir), 2, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", settings));
    }

    /** Waits until the app has committed its offsets up to the end of the raw topic. */
    private static void awaitRawLinesCommitted(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            new ConsumerGroupProgress(admin, APP).awaitCaughtUp(List.of(Topics.RAW_LINES.name()), timeout,
                Duration.ofMillis(100));
        }
    }
}
