package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.StaleDestination;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationStateTest {
    private static final Instant DAY1 = Instant.parse("2026-05-01T09:00:00Z");
    /** A five-day horizon, so a week of flows shows learning, stable and stabilizing. */
    private static final ReadinessRules RULES = new ReadinessRules(50, 3, 5, 5, 3, 1, ZoneId.of("UTC"));

    @TempDir
    Path stateDir;
    private io.flowpolicy.streams.TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new io.flowpolicy.streams.TopologyHarness(
            TopologySettings.defaults().withReadiness(RULES).withRetention(Duration.ofDays(10)), stateDir);
        harness.pod("10.244.0.10", "kube-system", "coredns", List.of("kube-system/kube-dns"));
        harness.pod("10.244.1.1", "shop", "web", List.of());
        harness.pod("10.244.1.2", "blog", "ghost", List.of());
        harness.pod("10.244.2.2", "blog", "mysql", List.of());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static Instant day(int n) {
        return DAY1.plus(Duration.ofDays(n - 1));
    }

    private void aWeekOfFlows() {
        for (int d = 1; d <= 7; d++) {
            harness.flow(day(d), "10.244.1.1", "10.244.0.10", "UDP", 53);
            harness.flow(day(d).plusSeconds(60), "10.244.1.1", "1.2.3.4", "TCP", 443);
            harness.flow(day(d).plusSeconds(120), "10.244.1.2", "10.244.0.10", "UDP", 53);
            harness.flow(day(d).plusSeconds(180), "10.244.1.2", "10.244.2.2", "TCP", 3306);
            if (d == 6) {
                harness.flow(day(d).plusSeconds(240), "10.244.1.1", "5.6.7.8", "TCP", 443);
            }
        }
    }

    @Test
    void shouldPublishANamespaceThatGainedManyRulesAtOnceOnceWithAllOfThem() {
        var raw = harness.input(Topics.RAW_LINES);
        for (int peer = 1; peer <= 50; peer++) {
            raw.pipeInput("node-1", io.flowpolicy.model.RawLines.of(io.flowpolicy.streams.TopologyHarness.line(
                day(1).plusSeconds(peer), "10.244.1.1", "203.0.113." + peer, "TCP", 443)), day(1));
        }
        harness.forwardCombined();

        assertEquals(50, harness.output(Topics.NEW_DESTINATIONS).readValuesToList().size());
        List<CandidatePolicy> candidates = harness.output(Topics.CANDIDATE_POLICIES).readValuesToList();
        assertEquals(1, candidates.size(), "one candidate for the whole batch, not one per new rule");
        assertEquals(50, candidates.get(0).rules().size());
        KeyValueStore<String, Long> unpublished = harness.driver.getKeyValueStore(DestinationTracker.UNPUBLISHED_STORE);
        try (var all = unpublished.all()) {
            assertFalse(all.hasNext());
        }
    }

    @Test
    void shouldKeepTheExactPeerTableOfEveryNamespace() {
        aWeekOfFlows();

        KeyValueStore<String, DestinationStats> store =
            harness.driver.getKeyValueStore(DestinationTracker.DESTINATIONS_STORE);
        Map<String, CandidatePolicy> latest = harness.latest(Topics.CANDIDATE_POLICIES);

        assertEquals(List.of("external:1.2.3.4 TCP/443 x7", "external:5.6.7.8 TCP/443 x1",
            "service:kube-system/kube-dns UDP/53 x7"), describeStats(DestinationTracker.rulesOf(store, "shop")));
        assertEquals(List.of("pod:blog/mysql TCP/3306 x7", "service:kube-system/kube-dns UDP/53 x7"),
            describeStats(DestinationTracker.rulesOf(store, "blog")));
        DestinationStats web = DestinationTracker.rulesOf(store, "shop").get(0);
        assertEquals(day(1).plusSeconds(60), web.firstSeen());
        assertEquals(day(7).plusSeconds(60), web.lastSeen());
        // Candidates are re-emitted when a rule or a day is added, not per flow: same rules, counts as of then.
        assertEquals(List.of("external:1.2.3.4 TCP/443", "external:5.6.7.8 TCP/443", "service:kube-system/kube-dns UDP/53"),
            latest.get("shop").rules().stream().map(r -> r.peer().id() + " " + r.protocol() + "/" + r.port()).toList());
    }

    @Test
    void shouldEmitOneNonLearningEventForAPeerFirstSeenOnDaySixAndMoveTheNamespaceBackToStabilizing() {
        aWeekOfFlows();

        List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();
        List<NamespaceProfile> shopProfiles = harness.output(Topics.PROFILES).readKeyValuesToList().stream()
            .filter(kv -> kv.key.equals("shop")).map(kv -> kv.value).toList();

        List<NewDestination> late = events.stream().filter(e -> !e.learning()).toList();
        assertEquals(1, late.size());
        assertEquals("external:5.6.7.8", late.get(0).peer().id());
        assertEquals(LocalDate.parse("2026-05-06"), late.get(0).day());
        assertTrue(events.stream().filter(e -> e.day().equals(LocalDate.parse("2026-05-01")))
            .allMatch(NewDestination::learning));
        assertEquals(4, events.stream().filter(NewDestination::learning).count());
        List<String> states = shopProfiles.stream().map(NamespaceProfile::state).toList();
        int newPeer = indexOfNewPeerProfile(shopProfiles);
        assertEquals("stable", states.get(newPeer - 1));
        assertEquals("stabilizing", states.get(newPeer));
        assertEquals("stabilizing", states.get(states.size() - 1));
    }

    private static int indexOfNewPeerProfile(List<NamespaceProfile> profiles) {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).peers() == 3) {
                return i;
            }
        }
        throw new AssertionError("no profile with the day-6 peer");
    }

    @Test
    void shouldPutARuleFirstSeenEarlierThanTheLastNewPeerOnAKnownDayIntoTheCandidate() {
        harness.flow(day(1).plusSeconds(10), "10.244.1.1", "1.2.3.4", "TCP", 443);
        harness.flow(day(2), "10.244.1.1", "1.2.3.4", "TCP", 443);
        harness.flow(day(1), "10.244.1.1", "10.244.0.10", "UDP", 53);

        CandidatePolicy shop = harness.latest(Topics.CANDIDATE_POLICIES).get("shop");

        assertEquals(List.of("external:1.2.3.4 TCP/443", "service:kube-system/kube-dns UDP/53"),
            shop.rules().stream().map(r -> r.peer().id() + " " + r.protocol() + "/" + r.port()).toList());
    }

    @Test
    void shouldKeepOnlyTheLabelsEveryPodSeenOfAWorkloadHasSoItsSelectorSurvivesARollout() {
        // A rollout of blog/db: version 1.0 on one IP, then 1.1 on another, as a Helm upgrade relabels its pods.
        rolloutPod("10.244.3.1", "db-a", "1.0");
        rolloutPod("10.244.3.2", "db-b", "1.1");
        rolloutPod("10.244.3.3", "db-c", "1.2");
        // Two flows combined before the enriched topic (one forward), then a third one on the next day.
        twoFlowsCombined("10.244.1.2", "10.244.3.1", "10.244.3.2", 5432);
        Map<String, String> afterCombining = harness.latest(Topics.CANDIDATE_POLICIES).get("blog").rules().get(0)
            .peer().labels();
        harness.flow(day(2), "10.244.1.2", "10.244.3.3", "TCP", 5432);

        CandidatePolicy blog = harness.latest(Topics.CANDIDATE_POLICIES).get("blog");

        assertEquals(Map.of("app", "db", "tier", "data"), afterCombining);
        assertEquals(List.of("pod:blog/db TCP/5432 x3"), describe(blog));
        assertEquals(Map.of("app", "db", "tier", "data"), blog.rules().get(0).peer().labels());
    }

    @Test
    void shouldRepublishTheCandidateWhenARolloutLaterTheSameDayNarrowsItsSelector() {
        rolloutPod("10.244.3.1", "db-a", "1.0");
        rolloutPod("10.244.3.2", "db-b", "1.1");
        harness.flow(day(1), "10.244.1.2", "10.244.3.1", "TCP", 5432);
        Map<String, String> before = harness.latest(Topics.CANDIDATE_POLICIES).get("blog").rules().get(0).peer()
            .labels();
        // The same rule on the same day, combined and forwarded apart: no new rule, no new day.
        harness.flow(day(1).plusSeconds(60), "10.244.1.2", "10.244.3.2", "TCP", 5432);

        CandidatePolicy blog = harness.latest(Topics.CANDIDATE_POLICIES).get("blog");

        assertEquals("1.0", before.get("app.kubernetes.io/version"));
        assertNotNull(blog, "the candidate was not published again");
        assertEquals(Map.of("app", "db", "tier", "data"), blog.rules().get(0).peer().labels());
    }

    @Test
    void shouldKeepTheSourceWorkloadOfTheEarliestFlowWithItsFirstSighting() {
        // mysql's flow on day 3 is tracked first; ghost's on day 1 arrives late (a lagging node).
        harness.flow(day(3), "10.244.2.2", "9.9.9.9", "TCP", 443);
        harness.flow(day(1), "10.244.1.2", "9.9.9.9", "TCP", 443);

        KeyValueStore<String, DestinationStats> rules = harness.driver.getKeyValueStore(
            DestinationTracker.DESTINATIONS_STORE);
        DestinationStats rule = rules.get(DestinationKeys.of("blog", "external:9.9.9.9", "TCP", 443));

        assertEquals(day(1), rule.firstSeen());
        assertEquals("ghost", rule.sourceWorkload());
    }

    @Test
    void shouldKeepTheAddressOfTheEarliestFlowToANodeWhicheverArrivesFirst() {
        for (String ip : List.of("10.0.0.11", "192.0.2.11")) {
            harness.owns(new io.flowpolicy.model.InventoryRecord(ip, "node", null, "node-1", null, Map.of(), null,
                List.of(), io.flowpolicy.streams.TopologyHarness.LONG_AGO, null));
        }
        // The external address's flow is the earlier one, though it arrives last (a node whose lines lag).
        harness.flow(day(2), "10.244.1.1", "10.0.0.11", "TCP", 10250);
        harness.flow(day(1), "10.244.1.1", "192.0.2.11", "TCP", 10250);

        CandidatePolicy shop = harness.latest(Topics.CANDIDATE_POLICIES).get("shop");

        assertEquals(List.of("node:node-1 TCP/10250 x2"), describe(shop));
        assertEquals("192.0.2.11", shop.rules().get(0).peer().ip());
        assertEquals(List.of("10.0.0.11", "192.0.2.11"), shop.rules().get(0).peer().addresses());
    }

    @Test
    void shouldAllowEveryAddressANodeWasReachedOnWhetherCombinedOrTrackedApart() {
        for (String ip : List.of("10.0.0.11", "192.0.2.11", "172.16.0.11")) {
            harness.owns(new io.flowpolicy.model.InventoryRecord(ip, "node", null, "node-1", null, Map.of(), null,
                List.of(), io.flowpolicy.streams.TopologyHarness.LONG_AGO, null));
        }
        // Two addresses combined before the enriched topic, the third one tracked later the same day.
        twoFlowsCombined("10.244.1.1", "192.0.2.11", "10.0.0.11", 10250);
        List<String> combined = harness.latest(Topics.CANDIDATE_POLICIES).get("shop").rules().get(0).peer()
            .addresses();
        harness.flow(day(1).plusSeconds(60), "10.244.1.1", "172.16.0.11", "TCP", 10250);

        CandidatePolicy shop = harness.latest(Topics.CANDIDATE_POLICIES).get("shop");

        assertEquals(List.of("10.0.0.11", "192.0.2.11"), combined);
        assertNotNull(shop, "the candidate was not published again");
        assertEquals(List.of("node:node-1 TCP/10250 x3"), describe(shop));
        assertEquals(List.of("10.0.0.11", "172.16.0.11", "192.0.2.11"), shop.rules().get(0).peer().addresses());
    }

    /** Flows from {@code src} to two destinations a second apart on day 1, piped together and forwarded once. */
    private void twoFlowsCombined(String src, String firstDst, String secondDst, int port) {
        var raw = harness.input(Topics.RAW_LINES);
        raw.pipeInput("node-1", io.flowpolicy.model.RawLines.of(io.flowpolicy.streams.TopologyHarness.line(day(1),
            src, firstDst, "TCP", port)), day(1));
        raw.pipeInput("node-1", io.flowpolicy.model.RawLines.of(io.flowpolicy.streams.TopologyHarness.line(
            day(1).plusSeconds(1), src, secondDst, "TCP", port)), day(1));
        harness.forwardCombined();
    }

    private void rolloutPod(String ip, String pod, String version) {
        harness.owns(new io.flowpolicy.model.InventoryRecord(ip, "pod", "blog", pod, "Deployment/db",
            Map.of("app", "db", "tier", "data", "app.kubernetes.io/version", version), "node-1", List.of(),
            io.flowpolicy.streams.TopologyHarness.LONG_AGO, null));
    }

    @Test
    void shouldCountALateLineInTheDayItBelongsTo() {
        aWeekOfFlows();
        harness.flow(day(2).plusSeconds(7), "10.244.1.1", "9.9.9.9", "TCP", 853);

        NewDestination event = harness.output(Topics.NEW_DESTINATIONS).readValuesToList().stream()
            .filter(e -> e.peer().id().equals("external:9.9.9.9")).findFirst().orElseThrow();
        assertEquals(LocalDate.parse("2026-05-02"), event.day());
        assertFalse(event.learning());
        WindowStore<String, DailyStats> daily = harness.driver.getWindowStore(DestinationTracker.DAILY_STORE);
        try (WindowStoreIterator<DailyStats> days = daily.fetch(DestinationKeys.of("shop", "external:9.9.9.9", "TCP",
            853), day(1), day(8))) {
            KeyValue<Long, DailyStats> only = days.next();
            assertEquals(Instant.parse("2026-05-02T00:00:00Z").toEpochMilli(), only.key);
            assertEquals(1, only.value.count());
            assertFalse(days.hasNext());
        }
    }

    @Test
    void shouldReportARuleUnseenForTheRetentionPeriodAsStaleAndDropItFromTheCandidate() {
        harness.flow(day(1), "10.244.1.1", "1.2.3.4", "TCP", 443);
        for (int d = 1; d <= 13; d++) {
            harness.flow(day(d), "10.244.1.1", "10.244.0.10", "UDP", 53);
        }

        List<StaleDestination> stale = harness.output(Topics.STALE_DESTINATIONS).readValuesToList();

        assertEquals(1, stale.size());
        assertEquals("external:1.2.3.4", stale.get(0).peer().id());
        assertEquals(day(1), stale.get(0).lastSeen());
        assertEquals(List.of("service:kube-system/kube-dns UDP/53 x13"),
            describe(harness.latest(Topics.CANDIDATE_POLICIES).get("shop")));
    }

    @Test
    void shouldRejectAFlowOlderThanTheRetentionWithAReason() {
        harness.flow(day(20), "10.244.1.1", "10.244.0.10", "UDP", 53);
        harness.flow(day(1), "10.244.1.1", "1.2.3.4", "TCP", 443);

        List<RejectedLine> rejected = harness.output(Topics.REJECTED_LINES).readValuesToList();

        assertEquals(1, rejected.size());
        assertEquals(DestinationTracker.TOO_LATE, rejected.get(0).reason());
        assertNotNull(rejected.get(0).detail());
        assertEquals(1, harness.output(Topics.NEW_DESTINATIONS).readValuesToList().size());
    }

    private static List<String> describeStats(List<DestinationStats> stats) {
        return stats.stream().map(r -> r.peer().id() + " " + r.protocol() + "/" + r.port() + " x" + r.count()).toList();
    }

    private static List<String> describe(CandidatePolicy policy) {
        return policy.rules().stream()
            .map(r -> r.peer().id() + " " + r.protocol() + "/" + r.port() + " x" + r.count())
            .collect(Collectors.toList());
    }
}
