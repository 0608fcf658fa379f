package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.Peer;
import io.flowpolicy.streams.state.ReadinessRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * summary.json reports each new destination with its rule's earliest flow, whichever flow the tracker happened to
 * see first, so two runs over the same lines give the same summary.
 */
class FirstSightingsTest {
    private static final Instant MAY_1 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant MAY_5 = Instant.parse("2026-05-05T10:00:00Z");
    private static final Peer DB = Peer.external("203.0.113.7");
    private static final Peer API = Peer.external("198.51.100.9");
    private static final ReadinessRules ONE_LEARNING_DAY = ReadinessRules.defaults();

    @Test
    void shouldReportTheRulesEarliestFlowAndJudgeLearningFromItWhenALaterFlowWasSeenFirst() {
        // node-2's flow of May 5 reached the tracker before node-1's of May 1, the namespace's first day.
        NewDestination seenLate = event(DB, 5432, MAY_5, false);

        assertEquals(List.of(new Summary.NewDestinationSummary("shop", DB.id(), "TCP", 5432, MAY_1, true)),
            summarize(List.of(seenLate), rule(DB, 5432, MAY_1)));
    }

    @Test
    void shouldJudgeLearningFromTheNamespacesFirstDayWhenTheEventCameBeforeThatDayWasKnown() {
        // The namespace's May 1 flows arrived after this rule's first (and only) flow of May 5.
        NewDestination judgedEarly = event(API, 443, MAY_5, true);

        assertEquals(List.of(new Summary.NewDestinationSummary("shop", API.id(), "TCP", 443, MAY_5, false)),
            summarize(List.of(judgedEarly), rule(API, 443, MAY_5)));
    }

    @Test
    void shouldKeepTheEventsOwnTimeForARuleNoLongerInTheCandidateAndListOldestFirst() {
        NewDestination dropped = event(API, 443, MAY_5, false);
        NewDestination kept = event(DB, 5432, MAY_5, false);

        assertEquals(List.of(new Summary.NewDestinationSummary("shop", DB.id(), "TCP", 5432, MAY_1, true),
            new Summary.NewDestinationSummary("shop", API.id(), "TCP", 443, MAY_5, false)),
            summarize(List.of(dropped, kept), rule(DB, 5432, MAY_1)));
    }

    /** The summary of {@code events} for namespace shop, first seen on May 1, whose candidate holds {@code rules}. */
    private static List<Summary.NewDestinationSummary> summarize(List<NewDestination> events, CandidateRule... rules) {
        CandidatePolicy candidate = new CandidatePolicy("shop", "B", "learning", 5, List.of(rules));
        return FirstSightings.of(events, Map.of("shop", candidate), Map.of("shop", profile(LocalDate.of(2026, 5, 1))),
            ONE_LEARNING_DAY);
    }

    private static NewDestination event(Peer peer, int port, Instant at, boolean learning) {
        return new NewDestination("shop", peer, "TCP", port, at, at.atZone(ZoneOffset.UTC).toLocalDate(), "api",
            learning);
    }

    private static CandidateRule rule(Peer peer, int port, Instant firstSeen) {
        return new CandidateRule(peer, "TCP", port, firstSeen, MAY_5, 3);
    }

    private static NamespaceProfile profile(LocalDate firstDay) {
        return new NamespaceProfile("shop", 2, 0, 0, 0, 2, 2, "B", "learning", firstDay, LocalDate.of(2026, 5, 5), 5,
            MAY_5);
    }
}
