package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.RawLineJson;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.errors.MalformedRecordHandler;
import io.flowpolicy.streams.metrics.PipelineCounters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage written straight onto the input topics as bytes (not through ingest): the topology never stops, and
 * every bad record is accounted for, on the rejected-lines topic or in a counter.
 */
class HostileInputTopologyTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path stateDir;
    private final CountingCounters counters = new CountingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> inventory;

    @BeforeEach
    void start() throws Exception {
        Properties props = StreamsConfigs.of("unused:9092", "hostile-test", Files.createDirectories(stateDir), 1, null);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(MalformedRecordHandler.COUNTERS_CONFIG, counters);
        driver = new TopologyTestDriver(FlowTopology.build(TopologySettings.defaults(), counters), props);
        raw = driver.createInputTopic(Topics.RAW_LINES.name(), new StringSerializer(), new ByteArraySerializer());
        inventory = driver.createInputTopic(Topics.INVENTORY.name(), new StringSerializer(), new ByteArraySerializer());
        owns(pod("10.244.1.1", "shop"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldRouteRecordsThatAreNotRawLinesToTheRejectedTopicAsMalformedAndKeepProcessing() {
        List<byte[]> bad = List.of(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            new byte[] {'{', '"', 'l', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, 0},
            new byte[] {0, 0, 0, 0},
            "[1,2,3]".getBytes(StandardCharsets.UTF_8),
            "{\"ts\":\"yesterday\",\"labels\":{},\"line\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            "{\"ts\":\"1\",\"labels\":{}}".getBytes(StandardCharsets.UTF_8),
            "{\"ts\":\"1\",\"labels\":\"not a map\",\"line\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        for (byte[] value : bad) {
            raw.pipeInput("node-1", value, AT);
        }
        raw.pipeInput("node-1", valid("192.0.2.7"), AT);
        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        List<RejectedLine> rejected = rejected();
        assertEquals(bad.size(), rejected.size());
        assertTrue(rejected.stream().allMatch(r -> MalformedRecordHandler.REASON.equals(r.reason())), rejected::toString);
        assertEquals(bad.size(), counters.rejected(MalformedRecordHandler.REASON));
        assertEquals(List.of("192.0.2.7"), flows().stream().map(f -> f.peer().ip()).toList());
    }

    @Test
    void shouldProcessTheGoodLinesOfARecordOfSeveralAndRejectEachBadDocumentWithItsNumber() {
        byte[] record = String.join("\n", new String(valid("192.0.2.5"), StandardCharsets.UTF_8), "{\"half\":",
            new String(valid("192.0.2.6"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

        raw.pipeInput("node-1", record, AT);
        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        assertEquals(List.of("192.0.2.5", "192.0.2.6"), flows().stream().map(f -> f.peer().ip()).sorted().toList());
        List<RejectedLine> rejected = rejected();
        assertEquals(1, rejected.size(), rejected::toString);
        assertEquals(MalformedRecordHandler.REASON, rejected.get(0).reason());
        assertEquals("{\"half\":", rejected.get(0).line());
        assertTrue(rejected.get(0).detail().startsWith("document 2 of the record at " + Topics.RAW_LINES.name()
            + "-0 offset 0 is not a raw line: not a valid RawLine JSON record"), rejected.get(0).detail());
        assertEquals(2, counters.processed.get());
        assertEquals(1, counters.rejected(MalformedRecordHandler.REASON));
    }

    @Test
    void shouldRejectHugeLinesAndLinesWithNulCharactersWithoutStopping() {
        String huge = "calico-packet: " + "A".repeat(1 << 20);
        raw.pipeInput("node-1", json(huge), AT);
        raw.pipeInput("node-1", json("calico-packet: IN=\u0000 OUT=eth0 SRC=10.244.1.1\u0000 DST=\u0000"), AT);
        raw.pipeInput("node-1", valid("192.0.2.8"), AT);
        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        List<RejectedLine> rejected = rejected();
        assertEquals(2, rejected.size(), rejected::toString);
        assertTrue(rejected.get(0).line().length() <= RejectedLine.MAX_LINE_CHARS);
        assertEquals(List.of("192.0.2.8"), flows().stream().map(f -> f.peer().ip()).toList());
    }

    @Test
    void shouldAccountForEveryRandomlyMutatedRecord() {
        Random random = new Random(20261120L);
        int inputs = 400;
        for (int i = 0; i < inputs; i++) {
            byte[] value = valid("192.0.2." + (1 + random.nextInt(200)));
            int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                value[random.nextInt(value.length)] = (byte) random.nextInt(256);
            }
            raw.pipeInput("node-1", value, AT);
        }
        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        // Each record either reached the parser or was rejected as malformed; each rejection is on the topic.
        long malformed = counters.rejected(MalformedRecordHandler.REASON);
        assertEquals(inputs, counters.processed.get() + malformed);
        assertEquals(counters.rejectedTotal(), rejected().size());
        assertTrue(malformed > 0 && counters.processed.get() > 0, "the mutations should produce both outcomes");
    }

    @Test
    void shouldLeaveUnusableInventoryRecordsOutAndResolveOverlapsToTheNewestOwner() {
        owns(new InventoryRecord("not-an-ip", "pod", "evil", "evil-0", null, null, null, null, AT, null));
        owns(new InventoryRecord("10.244.1.2", "pod", "evil", "evil-0", null, null, null, null, null, null));
        owns(new InventoryRecord("10.244.1.2", null, "evil", null, null, null, null, null, AT, null));
        owns(new InventoryRecord("10.244.1.2", "pod", "evil", "evil-0", null, null, null, null, AT, AT.minusSeconds(1)));
        inventory.pipeInput("10.244.1.2|garbage", "{\"ip\":".getBytes(StandardCharsets.UTF_8), AT);
        // An open interval that a later owner overlaps (its close event was lost): the newer owner wins.
        owns(new InventoryRecord("10.244.1.3", "pod", "old", "old-0", "Deployment/old", Map.of(), "node-1", List.of(),
            TopologyHarness.LONG_AGO, null));
        owns(new InventoryRecord("10.244.1.3", "pod", "new", "new-0", "Deployment/new", Map.of(), "node-1", List.of(),
            AT.minusSeconds(3600), null));

        raw.pipeInput("node-1", valid("10.244.1.2", "10.244.1.3"), AT);
        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        // The JSON fragment is skipped by the deserialization handler; TopologyTestDriver's global task uses its own
        // handler, so only the four records that reached InventoryStoreUpdater are counted here.
        assertEquals(4, counters.inventoryRejectedTotal(), counters.inventoryRejected::toString);
        List<EnrichedFlow> flows = flows();
        assertEquals(1, flows.size());
        assertEquals("new", flows.get(0).peer().namespace(), flows.get(0).toString());
    }

    private void owns(InventoryRecord record) {
        inventory.pipeInput(record.ip() + "|" + record.name() + "|" + record.from(),
            Topics.INVENTORY.valueSerde().serializer().serialize(Topics.INVENTORY.name(), record), AT);
    }

    private static InventoryRecord pod(String ip, String namespace) {
        return new InventoryRecord(ip, "pod", namespace, namespace + "-0", "Deployment/" + namespace,
            Map.of("app", namespace), "node-1", List.of(), TopologyHarness.LONG_AGO, null);
    }

    private static byte[] valid(String dst) {
        return valid("10.244.1.1", dst);
    }

    private static byte[] valid(String src, String dst) {
        return RawLineJson.write(TopologyHarness.line(AT, src, dst, "TCP", 443));
    }

    private static byte[] json(String line) {
        return RawLineJson.write(
            io.flowpolicy.model.RawLine.of(io.flowpolicy.model.Timestamps.toNanos(AT), Map.of("host", "node-1"), line));
    }

    private List<RejectedLine> rejected() {
        return driver.createOutputTopic(Topics.REJECTED_LINES.name(), Topics.REJECTED_LINES.keySerde().deserializer(),
            Topics.REJECTED_LINES.valueSerde().deserializer()).readValuesToList();
    }

    private List<EnrichedFlow> flows() {
        return driver.createOutputTopic(Topics.ENRICHED_FLOWS.name(), Topics.ENRICHED_FLOWS.keySerde().deserializer(),
            Topics.ENRICHED_FLOWS.valueSerde().deserializer()).readValuesToList();
    }

    /** Counts in plain maps, so the test can see exactly what the topology counted. */
    private static final class CountingCounters implements PipelineCounters {
        final AtomicLong processed = new AtomicLong();
        final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> inventoryRejected = new ConcurrentHashMap<>();

        @Override
        public void lineProcessed() {
            processed.incrementAndGet();
        }

        @Override
        public void lineRejected(String reason) {
            rejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void flowTracked() {
        }

        @Override
        public void newDestination(boolean learning) {
        }

        @Override
        public void inventoryRejected(String reason) {
            inventoryRejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long rejected(String reason) {
            AtomicLong count = rejected.get(reason);
            return count == null ? 0 : count.get();
        }

        long rejectedTotal() {
            return rejected.values().stream().mapToLong(AtomicLong::get).sum();
        }

        long inventoryRejectedTotal() {
            return inventoryRejected.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }
}
