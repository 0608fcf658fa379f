package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.BrokerFixture;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace with thousands of external peers (tier D, but still profiled) has a candidate policy larger than
 * Kafka's default 1 MiB record limit; it must still be published, not fail its task over and over.
 */
class LargeCandidateIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final int PEERS = 8_000;

    @TempDir
    Path dir;

    @Test
    void shouldPublishACandidateOfEightThousandRules() throws Exception {
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 1);
        broker.inventory(List.of(new InventoryRecord("10.244.1.1", "pod", "crawler", "crawler-0",
            "Deployment/crawler", Map.of("app", "crawler"), "node-1", List.of(), TopologyHarness.LONG_AGO, null)));
        List<RawLine> lines = new ArrayList<>();
        for (int peer = 0; peer < PEERS; peer++) {
            lines.add(TopologyHarness.line(T0.plusMillis(peer), "10.244.1.1",
                "198.18." + (peer / 250) + "." + (peer % 250 + 1), "TCP", 443));
        }
        broker.lines(lines);

        try (StreamsService app = new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(),
            "large-candidate-it", dir, 1, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults()))) {
            app.start();
            broker.awaitProcessed("large-candidate-it", Duration.ofSeconds(180), app);
        }

        Map<String, CandidatePolicy> candidates = TopicReader.latestByKey(KAFKA.bootstrapServers(),
            Topics.CANDIDATE_POLICIES, Duration.ofSeconds(30));
        assertEquals(PEERS, candidates.get("crawler").rules().size());
    }
}
