package io.flowpolicy.local;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.streams.state.DestinationKeys;
import io.flowpolicy.streams.state.ReadinessRules;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The new destinations of a finished run as summary.json reports them: each event with its rule's first sighting,
 * the earliest of its flows, and {@code learning} judged from that. An event on the topic carries the time of the
 * first flow the tracker processed for the rule, and on a run over several nodes that can be a later flow than the
 * earliest, since the nodes' lines reach the tracker interleaved differently on every run; the final candidate
 * holds the rule's earliest flow and the profile the namespace's first day, so the summary is the same on every run
 * of the same input.
 */
final class FirstSightings {
    private static final Comparator<Summary.NewDestinationSummary> OLDEST_FIRST =
        Comparator.comparing(Summary.NewDestinationSummary::firstSeen)
            .thenComparing(Summary.NewDestinationSummary::namespace)
            .thenComparing(Summary.NewDestinationSummary::peer)
            .thenComparing(Summary.NewDestinationSummary::protocol)
            .thenComparingInt(Summary.NewDestinationSummary::port);

    private FirstSightings() {
    }

    /**
     * @param candidates the final candidate of each namespace; an event whose rule is not in it (dropped as stale)
     *                   keeps its own time and judgement
     * @param profiles   the final profile of each namespace
     * @return oldest first
     */
    static List<Summary.NewDestinationSummary> of(List<NewDestination> events, Map<String, CandidatePolicy> candidates,
                                                  Map<String, NamespaceProfile> profiles, ReadinessRules readiness) {
        Map<String, CandidateRule> rules = new HashMap<>();
        candidates.values().forEach(c -> c.rules().forEach(
            r -> rules.put(DestinationKeys.of(c.namespace(), r.peer().id(), r.protocol(), r.port()), r)));
        return events.stream()
            .map(e -> exact(e, rules.get(DestinationKeys.of(e.namespace(), e.peer().id(), e.protocol(), e.port())),
                profiles.get(e.namespace()), readiness))
            .sorted(OLDEST_FIRST).toList();
    }

    private static Summary.NewDestinationSummary exact(NewDestination event, CandidateRule rule,
                                                       NamespaceProfile profile, ReadinessRules readiness) {
        Instant firstSeen = rule == null || rule.firstSeen().isAfter(event.firstSeen()) ? event.firstSeen()
            : rule.firstSeen();
        boolean learning = profile == null || profile.firstDay() == null ? event.learning()
            : readiness.isLearningSighting(profile.firstDay(), firstSeen.atZone(readiness.zone()).toLocalDate());
        return new Summary.NewDestinationSummary(event.namespace(), event.peer().id(), event.protocol(), event.port(),
            firstSeen, learning);
    }
}
