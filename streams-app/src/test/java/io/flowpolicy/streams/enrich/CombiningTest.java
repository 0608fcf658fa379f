package io.flowpolicy.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import io.flowpolicy.streams.state.ReadinessRules;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeats of a rule are combined per day before the enriched topic, and never held only in memory over a commit. */
class CombiningTest {
    private static final ReadinessRules BERLIN_DAYS = new ReadinessRules(50, 3, 5, 7, 3, 1, ZoneId.of("Europe/Berlin"));

    @TempDir
    Path stateDir;
    private TopologyHarness harness;
    private TestInputTopic<String, RawLines> raw;

    private void start(TopologySettings settings) {
        harness = new TopologyHarness(settings, stateDir);
        harness.pod("10.244.1.5", "billing", "api", List.of());
        harness.service("10.96.0.20", "payments", "ledger");
        raw = harness.input(Topics.RAW_LINES);
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldKeepCombinedFlowsInTheChangeloggedStoreWhenTheTaskCommitsBeforeTheyAreForwarded() {
        start(TopologySettings.defaults());
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(at.plusSeconds(i), "10.244.1.5", "10.96.0.20", "TCP", 8443)));
        }

        // The test driver commits after every record; no combine interval has passed, so nothing was forwarded yet.
        KeyValueStore<String, EnrichedFlow> pending =
            harness.driver.getKeyValueStore(ParseAndEnrichProcessor.PENDING_STORE);
        List<KeyValue<String, EnrichedFlow>> kept = all(pending);
        assertEquals(1, kept.size());
        assertEquals(3, kept.get(0).value.count());
        assertEquals(2_000_000_000L, kept.get(0).value.lastTs() - kept.get(0).value.ts());
        assertTrue(harness.output(Topics.ENRICHED_FLOWS).isEmpty());

        harness.forwardCombined();
        assertTrue(all(pending).isEmpty());
        assertEquals(List.of(3L), harness.output(Topics.ENRICHED_FLOWS).readValuesToList().stream()
            .map(EnrichedFlow::count).toList());
    }

    @Test
    void shouldCombineRepeatsOfARulePerDayOfTheZoneWhoseDaysAreCounted() {
        start(TopologySettings.defaults().withReadiness(BERLIN_DAYS));
        // 22:59Z is still the 20th in Berlin, 23:00Z is the 21st there.
        for (String at : List.of("2026-11-20T00:10:00Z", "2026-11-20T12:00:00Z", "2026-11-20T22:59:00Z",
            "2026-11-20T23:00:00Z", "2026-11-20T23:30:00Z")) {
            raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(Instant.parse(at), "10.244.1.5", "10.96.0.20", "TCP", 8443)));
        }
        harness.forwardCombined();

        assertEquals(Set.of("2026-11-20T00:10:00Z x3", "2026-11-20T23:00:00Z x2"),
            harness.output(Topics.ENRICHED_FLOWS).readValuesToList().stream()
                .map(flow -> Instant.ofEpochSecond(0, flow.ts()) + " x" + flow.count()).collect(Collectors.toSet()));
    }

    @Test
    void shouldForwardANewRuleAtOnceAndHoldRepeatsOfKnownRulesUntilTheInputPauses() {
        start(TopologySettings.defaults());
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        var enriched = harness.output(Topics.ENRICHED_FLOWS);
        raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(at, "10.244.1.5", "10.96.0.20", "TCP", 8443)));
        harness.driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
        assertEquals(List.of(1L), counts(enriched.readValuesToList()), "the first punctuation forwards everything");

        raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(at.plusSeconds(1), "10.244.1.5", "10.96.0.20", "TCP", 8443)));
        raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(at.plusSeconds(2), "10.244.1.5", "10.96.0.20", "TCP", 8443)));
        raw.pipeInput("node-1", RawLines.of(TopologyHarness.line(at.plusSeconds(3), "10.244.1.5", "10.96.0.20", "TCP", 9090)));
        harness.driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
        List<EnrichedFlow> whileBusy = enriched.readValuesToList();
        assertEquals(List.of(9090), whileBusy.stream().map(EnrichedFlow::port).toList(), "only the new rule");

        harness.driver.advanceWallClockTime(TopologySettings.DEFAULT_COMBINE_INTERVAL);
        List<EnrichedFlow> afterPause = enriched.readValuesToList();
        assertEquals(List.of(8443), afterPause.stream().map(EnrichedFlow::port).toList());
        assertEquals(List.of(2L), counts(afterPause), "both repeats, combined");
    }

    private static List<Long> counts(List<EnrichedFlow> flows) {
        return flows.stream().map(EnrichedFlow::count).toList();
    }

    private static List<KeyValue<String, EnrichedFlow>> all(KeyValueStore<String, EnrichedFlow> store) {
        try (var it = store.all()) {
            List<KeyValue<String, EnrichedFlow>> entries = new java.util.ArrayList<>();
            it.forEachRemaining(entries::add);
            return entries;
        }
    }
}
