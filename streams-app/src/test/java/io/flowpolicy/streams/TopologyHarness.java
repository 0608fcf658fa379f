package io.flowpolicy.streams;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topic;
import io.flowpolicy.model.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole topology in a TopologyTestDriver, with helpers to feed inventory and real-format LOG lines. */
public final class TopologyHarness implements AutoCloseable {
    public static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    public final TopologyTestDriver driver;
    private final TestInputTopic<String, InventoryRecord> inventory;
    private final TestInputTopic<String, RawLines> raw;

    public TopologyHarness(TopologySettings settings, Path stateDir) {
        this(settings, stateDir, Map.of());
    }

    /** With {@code configs} added to (or replacing) the app's Streams configuration. */
    public TopologyHarness(TopologySettings settings, Path stateDir, Map<String, Object> configs) {
        Properties props = StreamsConfigs.of("unused:9092", "topology-test", stateDir, 1, null);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.putAll(configs);
        driver = new TopologyTestDriver(FlowTopology.build(settings), props);
        inventory = input(Topics.INVENTORY);
        raw = input(Topics.RAW_LINES);
    }

    public void owns(InventoryRecord record) {
        inventory.pipeInput(record.topicKey(), record, record.from());
    }

    public void pod(String ip, String namespace, String workload, List<String> services) {
        owns(new InventoryRecord(ip, "pod", namespace, workload + "-0", "Deployment/" + workload,
            Map.of("app", workload), "node-1", services, LONG_AGO, null));
    }

    public void service(String ip, String namespace, String name) {
        owns(new InventoryRecord(ip, "service", namespace, name, null, Map.of(), null, List.of(), LONG_AGO, null));
    }

    public void flow(Instant at, String src, String dst, String protocol, int port) {
        RawLine line = line(at, src, dst, protocol, port);
        raw.pipeInput("node-1", RawLines.of(line), at);
        forwardCombined();
    }

    /**
     * Lets the combine interval pass three times without new input: repeats of known rules are held while lines keep
     * coming, so only the second time have all combined flows reached the tracker, and the third time it publishes
     * the profiles and candidates of the namespaces they changed.
     */
    public void forwardCombined() {
        forwardCombined(driver);
    }

    public static void forwardCombined(TopologyTestDriver driver) {
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
        }
    }

    public static RawLine line(Instant at, String src, String dst, String protocol, int port) {
        String l4 = "TCP".equals(protocol)
            ? "PROTO=TCP SPT=45588 DPT=" + port + " WINDOW=64860 RES=0x00 SYN URGP=0 "
            : "PROTO=UDP SPT=42896 DPT=" + port + " LEN=76 ";
        return new RawLine(Long.toString(Timestamps.toNanos(at)), Map.of("host", "node-1"),
            "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
                + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF " + l4);
    }

    public <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** The latest value per key that the topology wrote to a topic (reads the topic's pending output). */
    public <V> Map<String, V> latest(Topic<String, V> topic) {
        Map<String, V> latest = new java.util.TreeMap<>();
        output(topic).readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    @Override
    public void close() {
        driver.close();
    }
}
