package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.BrokerFixture;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays and restarts on a real broker: the same lines twice, and a restart that has to restore its stores from
 * the changelogs, still give exactly one new-destination event per (namespace, peer, protocol, port).
 */
class NoDuplicateEventsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String APP = "replay-it";

    @TempDir
    Path dir;

    @Test
    void shouldEmitOneEventPerRuleAcrossReplaysAndARestartFromTheChangelogs() throws Exception {
        BrokerFixture broker = new BrokerFixture(KAFKA.bootstrapServers(), 3);
        broker.inventory(List.of(
            pod("10.244.1.1", "shop"), pod("10.244.1.2", "blog"), pod("10.244.1.3", "mail")));
        List<RawLine> firstHalf = lines(0, 4);
        List<RawLine> secondHalf = lines(2, 8);

        broker.lines(firstHalf);
        try (StreamsService app = service("first")) {
            app.start();
            broker.awaitProcessed(APP, Duration.ofSeconds(120), app);
        }
        broker.lines(firstHalf);
        broker.lines(secondHalf);
        // A fresh state directory: the second instance must restore every store from its changelog.
        try (StreamsService app = service("second")) {
            app.start();
            broker.awaitProcessed(APP, Duration.ofSeconds(120), app);
        }

        List<NewDestination> events = TopicReader.readAll(KAFKA.bootstrapServers(), Topics.NEW_DESTINATIONS,
            Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
        Map<String, Long> perRule = events.stream().collect(Collectors.groupingBy(
            e -> e.namespace() + " " + e.peer().id() + " " + e.protocol() + "/" + e.port(), Collectors.counting()));
        assertEquals(3 * 8, perRule.size());
        perRule.forEach((rule, count) -> assertEquals(1L, count, rule));
        Map<String, NamespaceProfile> profiles = TopicReader.latestByKey(KAFKA.bootstrapServers(), Topics.PROFILES,
            Duration.ofSeconds(30));
        assertEquals(8, profiles.get("shop").external());
        assertEquals(8, profiles.get("mail").peers());
        // The flows are months old: a changelog whose time retention counted from their times would lose them.
        assertEquals("LogAppendTime", topicConfig(APP + "-" + DestinationTracker.DAILY_STORE + "-changelog",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG));
    }

    private static String topicConfig(String topic, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
        }
    }

    /** Each namespace talks to peers from..to-1, one a day, each seen three times that day. */
    private static List<RawLine> lines(int from, int to) {
        List<RawLine> lines = new ArrayList<>();
        for (int peer = from; peer < to; peer++) {
            for (String src : List.of("10.244.1.1", "10.244.1.2", "10.244.1.3")) {
                for (int repeat = 0; repeat < 3; repeat++) {
                    lines.add(TopologyHarness.line(T0.plus(Duration.ofDays(peer)).plusSeconds(repeat * 60L), src,
                        "192.0.2." + (peer + 1), "TCP", 443));
                }
            }
        }
        lines.sort(Comparator.comparing(RawLine::tsNanos));
        return lines;
    }

    private static InventoryRecord pod(String ip, String namespace) {
        return new InventoryRecord(ip, "pod", namespace, namespace + "-0", "Deployment/" + namespace,
            Map.of("app", namespace), "node-1", List.of(), TopologyHarness.LONG_AGO, null);
    }

    private StreamsService service(String name) throws Exception {
        return new StreamsService(new StreamsService.Settings(KAFKA.bootstrapServers(), APP,
            Files.createDirectories(dir.resolve(name)), 2, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
            TopologySettings.defaults()));
    }
}
