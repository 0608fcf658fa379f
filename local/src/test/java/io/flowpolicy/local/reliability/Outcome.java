package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.ConsumerGroupProgress;
import io.flowpolicy.streams.FlowTopology;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** What a run left on the output topics, and the same from an uninterrupted in-memory run for comparison. */
final class Outcome {
    private Outcome() {
    }

    /** Waits until the app committed all input, checked with pauses longer than the combine interval. */
    static void awaitProcessed(String bootstrap, String applicationId, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new ConsumerGroupProgress(admin, applicationId).awaitCaughtUp(
                List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name()), timeout, Duration.ofSeconds(1));
        }
    }

    /** Asserts one new-destination event per (namespace, peer, protocol, port) and returns how many there were. */
    static int assertOneEventPerRule(String bootstrap) {
        List<NewDestination> events = TopicReader.readAll(bootstrap, Topics.NEW_DESTINATIONS, Duration.ofSeconds(30))
            .stream().map(ConsumerRecord::value).toList();
        Map<String, Long> perRule = events.stream().collect(Collectors.groupingBy(
            e -> e.namespace() + " " + e.peer().id() + " " + e.protocol() + "/" + e.port(), Collectors.counting()));
        perRule.forEach((rule, count) -> assertEquals(1L, count, "new-destination events for " + rule));
        return perRule.size();
    }

    static Map<String, NamespaceProfile> profiles(String bootstrap) {
        return new TreeMap<>(TopicReader.latestByKey(bootstrap, Topics.PROFILES, Duration.ofSeconds(30)));
    }

    /** The profiles an uninterrupted run produces from the same inventory and lines (TopologyTestDriver). */
    static Map<String, NamespaceProfile> referenceProfiles(List<InventoryRecord> inventory, List<RawLine> lines,
                                                           Path stateDir) {
        java.util.Properties props = StreamsConfigs.of("unused:9092", "reference", stateDir, 1, null);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        try (TopologyTestDriver driver = new TopologyTestDriver(FlowTopology.build(TopologySettings.defaults()),
            props)) {
            TestInputTopic<String, InventoryRecord> inv = driver.createInputTopic(Topics.INVENTORY.name(),
                Topics.INVENTORY.keySerde().serializer(), Topics.INVENTORY.valueSerde().serializer());
            inventory.forEach(r -> inv.pipeInput(r.topicKey(), r, r.from()));
            TestInputTopic<String, RawLine> raw = driver.createInputTopic(Topics.RAW_LINES.name(),
                Topics.RAW_LINES.keySerde().serializer(), Topics.RAW_LINES.valueSerde().serializer());
            lines.forEach(l -> raw.pipeInput("node-1", l, l.instant()));
            driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
            Map<String, NamespaceProfile> latest = new TreeMap<>();
            driver.createOutputTopic(Topics.PROFILES.name(), Topics.PROFILES.keySerde().deserializer(),
                Topics.PROFILES.valueSerde().deserializer()).readKeyValuesToList()
                .forEach(kv -> latest.put(kv.key, kv.value));
            return latest;
        }
    }
}
