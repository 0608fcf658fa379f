package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topic;
import io.flowpolicy.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTopologyTest {
    private static final Instant DAY1 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-05-03T00:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, InventoryRecord> inventory;
    private TestInputTopic<String, RawLines> raw;

    @BeforeEach
    void start() throws Exception {
        Properties props = StreamsConfigs.of("unused:9092", "topology-test", Files.createDirectories(stateDir), 1, null);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(FlowTopology.build(TopologySettings.defaults()), props);
        inventory = input(Topics.INVENTORY);
        raw = input(Topics.RAW_LINES);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldAttributeFlowsToThePodThatOwnedTheSourceIpAtThatTime() {
        loadInventory();
        for (int day : new int[] {1, 2, 4, 5}) {
            pipe(line(day, "10.244.5.5", "10.244.9.9", "TCP", 8080));
        }

        List<EnrichedFlow> flows = output(Topics.ENRICHED_FLOWS).readValuesToList();

        assertEquals(List.of("billing", "billing", "reports", "reports"),
            flows.stream().map(EnrichedFlow::srcNamespace).toList());
        assertEquals(List.of("invoicer", "invoicer", "report-gen", "report-gen"),
            flows.stream().map(EnrichedFlow::srcWorkload).toList());
    }

    @Test
    void shouldAttributeDestinationsToTheirOwnerAtThatTime() {
        loadInventory();
        for (int day : new int[] {1, 2, 4, 5}) {
            pipe(line(day, "10.244.1.1", "10.244.9.9", "TCP", 8080));
        }

        List<String> peers = output(Topics.ENRICHED_FLOWS).readValuesToList().stream()
            .map(f -> f.peer().id()).toList();

        assertEquals(List.of("pod:shop/web", "pod:shop/web", "pod:catalog/api", "pod:catalog/api"), peers);
    }

    @Test
    void shouldClassifyDnsToCoreDnsPodIpsOfBothFamiliesAsTheKubeDnsService() {
        loadInventory();
        pipe(line(1, "10.244.1.1", "10.244.0.10", "UDP", 53));
        pipe(new RawLine(Long.toString(Timestamps.toNanos(DAY1)), Map.of("host", "node-1"),
            "calico-packet: IN=cali91f61e25cae OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:5a:3b:9c:10:22:7e:86:dd "
                + "SRC=fd00:0010:0244:0001:0000:0000:0000:0001 DST=fd00:0010:0244:0000:0000:0000:0000:000a LEN=80 TC=0 "
                + "HOPLIMIT=63 FLOWLBL=612345 PROTO=UDP SPT=51724 DPT=53 LEN=40 "));

        List<EnrichedFlow> flows = output(Topics.ENRICHED_FLOWS).readValuesToList();

        // One rule on one day: the two flows arrive combined.
        assertEquals(2, flows.stream().mapToLong(EnrichedFlow::count).sum());
        for (EnrichedFlow flow : flows) {
            assertEquals("service:kube-system/kube-dns", flow.peer().id());
            assertEquals("shop", flow.srcNamespace());
            assertEquals("node-1", flow.node());
        }
    }

    @Test
    void shouldEmitOneNewDestinationPerRuleAndMarkFirstDaySightingsAsLearning() {
        loadInventory();
        pipe(line(1, "10.244.1.1", "1.2.3.4", "TCP", 443));
        pipe(line(1, "10.244.1.1", "1.2.3.4", "TCP", 443));
        pipe(line(2, "10.244.1.1", "1.2.3.4", "TCP", 443));
        pipe(line(2, "10.244.1.1", "1.2.3.4", "TCP", 8443));

        List<NewDestination> events = output(Topics.NEW_DESTINATIONS).readValuesToList();

        assertEquals(2, events.size());
        assertEquals("external:1.2.3.4", events.get(0).peer().id());
        assertEquals(443, events.get(0).port());
        assertTrue(events.get(0).learning());
        assertEquals(8443, events.get(1).port());
        assertEquals(false, events.get(1).learning());
        assertEquals("web", events.get(1).sourceWorkload());
    }

    @Test
    void shouldReportAFlowToAServiceBackendAsTheServiceWhosePortItHitAndAsThePodOtherwise() {
        loadInventory();
        InventoryRecord redis = new InventoryRecord("10.244.7.7", "pod", "shop", "redis-0", "StatefulSet/redis",
            Map.of("app", "redis"), "node-1", List.of("shop/redis", "shop/redis-metrics"), Instant.parse("2026-04-01T00:00:00Z"),
            null, Map.of("shop/redis", List.of("6379/TCP"), "shop/redis-metrics", List.of("9121/TCP")));
        inventory.pipeInput(redis.topicKey(), redis, redis.from());

        pipe(line(1, "10.244.1.1", "10.244.7.7", "TCP", 6379));
        pipe(line(1, "10.244.1.1", "10.244.7.7", "TCP", 9121));
        pipe(line(1, "10.244.1.1", "10.244.7.7", "TCP", 8080));

        assertEquals(List.of("service:shop/redis", "service:shop/redis-metrics", "pod:shop/redis"),
            output(Topics.ENRICHED_FLOWS).readValuesToList().stream().map(f -> f.peer().id()).toList());
    }

    @Test
    void shouldCombineRepeatsOfARuleWithinTheIntervalWithoutChangingCountsOrTimes() {
        loadInventory();
        RawLine first = line(1, "10.244.1.1", "1.2.3.4", "TCP", 443);
        RawLine second = line(1, "10.244.1.1", "1.2.3.4", "TCP", 443);
        second = new RawLine(Long.toString(second.tsNanos() + 5_000_000_000L), second.labels(), second.line());
        raw.pipeInput("node-1", RawLines.of(second), second.instant());
        raw.pipeInput("node-1", RawLines.of(first), first.instant());
        raw.pipeInput("node-1", RawLines.of(first), first.instant());
        assertTrue(output(Topics.ENRICHED_FLOWS).isEmpty());

        driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);

        List<EnrichedFlow> flows = output(Topics.ENRICHED_FLOWS).readValuesToList();
        assertEquals(1, flows.size());
        assertEquals(3, flows.get(0).count());
        assertEquals(first.tsNanos(), flows.get(0).ts());
        assertEquals(second.tsNanos(), flows.get(0).lastTs());
        var stats = io.flowpolicy.streams.state.DestinationTracker.rulesOf(
            driver.getKeyValueStore(io.flowpolicy.streams.state.DestinationTracker.DESTINATIONS_STORE), "shop");
        assertEquals(1, stats.size());
        assertEquals(3, stats.get(0).count());
        assertEquals(first.instant(), stats.get(0).firstSeen());
        assertEquals(second.instant(), stats.get(0).lastSeen());
    }

    @Test
    void shouldRouteUnparseableLinesToRejectedWithTheirReasonAndKeepGoing() {
        loadInventory();
        pipe(new RawLine(Long.toString(Timestamps.toNanos(DAY1)), Map.of("host", "node-1"), "kernel: some other message"));
        pipe(line(1, "10.244.1.1", "1.2.3.4", "TCP", 443));

        List<RejectedLine> rejected = output(Topics.REJECTED_LINES).readValuesToList();

        assertEquals(1, rejected.size());
        assertEquals("kernel: some other message", rejected.get(0).line());
        assertTrue(!rejected.get(0).reason().isBlank());
        assertEquals(1, output(Topics.ENRICHED_FLOWS).readValuesToList().size());
    }

    /** Raw records carry the line's time, as the ingest publishes them. */
    private void pipe(RawLine line) {
        raw.pipeInput("node-1", RawLines.of(line), line.instant());
        TopologyHarness.forwardCombined(driver);
    }

    private void loadInventory() {
        Instant longAgo = Instant.parse("2026-04-01T00:00:00Z");
        List.of(
            pod("10.244.5.5", "billing", "invoicer-5b6d-7hx2c", "Deployment/invoicer", List.of(), longAgo, DAY3),
            pod("10.244.5.5", "reports", "report-gen-1-q8x7l", "Job/report-gen", List.of(), DAY3, null),
            pod("10.244.9.9", "shop", "web-1", "Deployment/web", List.of(), longAgo, DAY3),
            pod("10.244.9.9", "catalog", "api-1", "Deployment/api", List.of(), DAY3, null),
            pod("10.244.1.1", "shop", "web-2", "Deployment/web", List.of(), longAgo, null),
            pod("fd00:10:244:1::1", "shop", "web-2", "Deployment/web", List.of(), longAgo, null),
            pod("10.244.0.10", "kube-system", "coredns-1", "Deployment/coredns", List.of("kube-system/kube-dns"),
                longAgo, null),
            pod("fd00:10:244::a", "kube-system", "coredns-1", "Deployment/coredns", List.of("kube-system/kube-dns"),
                longAgo, null)
        ).forEach(r -> inventory.pipeInput(r.topicKey(), r, r.from()));
    }

    private static InventoryRecord pod(String ip, String namespace, String name, String workload, List<String> services,
                                       Instant from, Instant to) {
        return new InventoryRecord(ip, "pod", namespace, name, workload, Map.of("app", name), "node-1", services, from, to);
    }

    static RawLine line(int day, String src, String dst, String protocol, int port) {
        return TopologyHarness.line(DAY1.plusSeconds(86_400L * (day - 1)), src, dst, protocol, port);
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
