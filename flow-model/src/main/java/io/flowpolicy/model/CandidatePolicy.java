package io.flowpolicy.model;

import java.util.List;

/**
 * The structured egress rule set of one namespace, which the sink renders; keyed by namespace.
 *
 * @param rules sorted by peer id, protocol, port so that the same rules always render the same way
 */
public record CandidatePolicy(String namespace, String tier, String state, int daysObserved,
                              List<CandidateRule> rules) {
    public CandidatePolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Distinct peers of the rule set. */
    public List<Peer> peers() {
        return rules.stream().map(CandidateRule::peer).distinct().toList();
    }
}
