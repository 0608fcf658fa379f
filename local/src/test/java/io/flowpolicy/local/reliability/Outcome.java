package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.ConsumerGroupProgress;
import io.flowpolicy.streams.FlowTopology;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import io.flowpolicy.streams.enrich.ParseAndEnrichProcessor;
import io.flowpolicy.streams.state.DestinationTracker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** What a run left on the output topics, and the same from an uninterrupted in-memory run for comparison. */
final class Outcome {
    private Outcome() {
    }

    /**
     * Waits until the app committed all input, holds no combined flow still to be forwarded and no namespace still to
     * be published. The app runs in another process, so "nothing pending" is read from the committed changelogs of
     * those two stores: every key's latest value is a tombstone.
     */
    static void awaitProcessed(String bootstrap, String applicationId, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new ConsumerGroupProgress(admin, applicationId).awaitCaughtUp(
                List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name()), timeout, Duration.ofMillis(500),
                () -> nothingPending(bootstrap, applicationId));
        }
    }

    private static boolean nothingPending(String bootstrap, String applicationId) {
        return allDeleted(bootstrap, applicationId + "-" + ParseAndEnrichProcessor.PENDING_STORE + "-changelog")
            && allDeleted(bootstrap, applicationId + "-" + DestinationTracker.UNPUBLISHED_STORE + "-changelog");
    }

    private static boolean allDeleted(String bootstrap, String changelog) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
            "enable.auto.commit", false);
        try (KafkaConsumer<Bytes, byte[]> consumer = new KafkaConsumer<>(config, new BytesDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<Bytes, Boolean> live = new java.util.HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> live.put(r.key(), r.value() != null));
            }
            return !live.containsValue(true);
        } catch (org.apache.kafka.common.KafkaException e) {
            return false;
        }
    }

    /** Asserts one new-destination event per (namespace, peer, protocol, port) and returns the rules, sorted. */
    static java.util.SortedSet<String> assertOneEventPerRule(String bootstrap) {
        List<NewDestination> events = TopicReader.readAll(bootstrap, Topics.NEW_DESTINATIONS, Duration.ofSeconds(30))
            .stream().map(ConsumerRecord::value).toList();
        Map<String, Long> perRule = events.stream().collect(Collectors.groupingBy(
            e -> e.namespace() + " " + e.peer().id() + " " + e.protocol() + "/" + e.port(), Collectors.counting()));
        perRule.forEach((rule, count) -> assertEquals(1L, count, "new-destination events for " + rule));
        return new java.util.TreeSet<>(perRule.keySet());
    }

    /** The rules FlowData's lines hold, in the form {@link #assertOneEventPerRule} returns. */
    static java.util.SortedSet<String> expectedRules(List<RawLine> lines) {
        java.util.SortedSet<String> rules = new java.util.TreeSet<>();
        for (RawLine line : lines) {
            String text = line.line();
            String src = field(text, "SRC=");
            String namespace = FlowData.NAMESPACES.get(Integer.parseInt(src.substring(src.lastIndexOf('.') + 1)) - 1);
            rules.add(namespace + " external:" + field(text, "DST=") + " TCP/" + field(text, "DPT="));
        }
        return rules;
    }

    private static String field(String text, String name) {
        int start = text.indexOf(name) + name.length();
        return text.substring(start, text.indexOf(' ', start));
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
            TestInputTopic<String, RawLines> raw = driver.createInputTopic(Topics.RAW_LINES.name(),
                Topics.RAW_LINES.keySerde().serializer(), Topics.RAW_LINES.valueSerde().serializer());
            // Forward the combined flows after every line, as a running app does every combine interval: a single
            // forward at the end would hand the tracker a whole run's flows in key order instead of time order.
            for (RawLine line : lines) {
                raw.pipeInput("node-1", RawLines.of(line), line.instant());
                driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
            }
            TopologyHarness.forwardCombined(driver);
            Map<String, NamespaceProfile> latest = new TreeMap<>();
            driver.createOutputTopic(Topics.PROFILES.name(), Topics.PROFILES.keySerde().deserializer(),
                Topics.PROFILES.valueSerde().deserializer()).readKeyValuesToList()
                .forEach(kv -> latest.put(kv.key, kv.value));
            return latest;
        }
    }
}
