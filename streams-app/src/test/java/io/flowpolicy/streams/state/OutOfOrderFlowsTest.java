package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows reach the tracker out of time order whenever one node's logs lag another's or history is backfilled; a
 * peer first seen in such a flow must still reach the profile and the candidate policy.
 */
class OutOfOrderFlowsTest {
    private static final Instant DAY1 = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void shouldAddAPeerFirstSeenInAnOlderFlowToTheProfileAndTheCandidate() {
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults(), stateDir)) {
            harness.pod("10.244.1.1", "shop", "shop", List.of());
            harness.flow(DAY1.plus(Duration.ofDays(2)), "10.244.1.1", "192.0.2.1", "TCP", 443);
            harness.flow(DAY1.plus(Duration.ofDays(1)), "10.244.1.1", "192.0.2.2", "TCP", 443);
            harness.flow(DAY1.plus(Duration.ofDays(2)).plusSeconds(60), "10.244.1.1", "192.0.2.3", "TCP", 443);
            // Older than the latest new peer, on a day already observed: the activity does not change.
            harness.flow(DAY1.plus(Duration.ofDays(2)).minusSeconds(60), "10.244.1.1", "192.0.2.4", "TCP", 443);

            NamespaceProfile profile = harness.latest(Topics.PROFILES).get("shop");
            CandidatePolicy candidate = harness.latest(Topics.CANDIDATE_POLICIES).get("shop");
            assertEquals(4, profile.peers(), profile.toString());
            assertEquals(4, candidate.rules().size(), candidate.toString());
        }
    }

    @Test
    void shouldDateTheLastNewPeerByTheEarliestSightingOfEachRuleWhateverOrderTheyArrivedIn() {
        Instant earlier = DAY1.plus(Duration.ofDays(1));
        Instant later = DAY1.plus(Duration.ofDays(4));
        NamespaceProfile inOrder = lastProfile(List.of(earlier, later));
        NamespaceProfile laterFirst = lastProfile(List.of(later, earlier));

        // One rule, seen on day 2 and day 5: it was new on day 2, in whichever order the two lines arrived.
        assertEquals(earlier, inOrder.lastNewPeerAt());
        assertEquals(inOrder, laterFirst);
    }

    private NamespaceProfile lastProfile(List<Instant> sightings) {
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults(),
            stateDir.resolve("run-" + sightings.get(0).toEpochMilli()))) {
            harness.pod("10.244.1.1", "shop", "shop", List.of());
            harness.flow(DAY1, "10.244.1.1", "192.0.2.1", "TCP", 443);
            for (Instant at : sightings) {
                harness.flow(at, "10.244.1.1", "192.0.2.9", "TCP", 443);
            }
            return harness.latest(Topics.PROFILES).get("shop");
        }
    }
}
