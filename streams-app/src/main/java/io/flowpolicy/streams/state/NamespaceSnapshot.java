package io.flowpolicy.streams.state;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Derives a namespace's profile and candidate policy from its rules and activity; pure. */
public final class NamespaceSnapshot {
    private static final Comparator<CandidateRule> RULE_ORDER = Comparator
        .comparing((CandidateRule r) -> r.peer().id())
        .thenComparing(CandidateRule::protocol)
        .thenComparingInt(CandidateRule::port);

    private final String namespace;
    private final List<CandidateRule> rules;
    private final NamespaceActivity activity;
    private final ReadinessRules readiness;

    public NamespaceSnapshot(String namespace, List<DestinationStats> stats, NamespaceActivity activity,
                             ReadinessRules readiness) {
        this.namespace = namespace;
        this.rules = stats.stream()
            .map(s -> new CandidateRule(s.peer(), s.protocol(), s.port(), s.firstSeen(), s.lastSeen(), s.count()))
            .sorted(RULE_ORDER)
            .toList();
        this.activity = activity;
        this.readiness = readiness;
    }

    public NamespaceProfile profile() {
        Set<String> peers = new HashSet<>();
        int[] byKind = new int[4];
        for (CandidateRule rule : rules) {
            if (peers.add(rule.peer().id())) {
                byKind[kindIndex(rule.peer())]++;
            }
        }
        int inCluster = byKind[0] + byKind[1] + byKind[2];
        return new NamespaceProfile(namespace, peers.size(), byKind[0], byKind[1], byKind[2], byKind[3], rules.size(),
            readiness.tier(byKind[3], inCluster), state(), activity.firstDay(), activity.lastDay(),
            activity.days().size(), lastNewPeerAt());
    }

    public CandidatePolicy candidate() {
        NamespaceProfile profile = profile();
        return new CandidatePolicy(namespace, profile.tier(), profile.state(), profile.daysObserved(), rules);
    }

    private String state() {
        ZoneId zone = readiness.zone();
        Instant lastNewPeerAt = lastNewPeerAt();
        var lastNewPeerDay = lastNewPeerAt == null ? null : lastNewPeerAt.atZone(zone).toLocalDate();
        return readiness.state(activity.firstDay(), activity.lastDay(), lastNewPeerDay);
    }

    /**
     * The latest first sighting among the rules: when the namespace last gained one. Each rule's first sighting is
     * the earliest of its flows, so this is the same whatever order the flows arrived in.
     */
    private Instant lastNewPeerAt() {
        Instant latest = null;
        for (CandidateRule rule : rules) {
            if (latest == null || rule.firstSeen().isAfter(latest)) {
                latest = rule.firstSeen();
            }
        }
        return latest;
    }

    private static int kindIndex(Peer peer) {
        return switch (peer.kind()) {
            case Peer.POD -> 0;
            case Peer.SERVICE -> 1;
            case Peer.NODE -> 2;
            default -> 3;
        };
    }
}
