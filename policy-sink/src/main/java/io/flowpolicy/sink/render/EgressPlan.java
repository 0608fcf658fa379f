package io.flowpolicy.sink.render;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The format-neutral content of one namespace's egress policy, already validated, merged and sorted; each
 * renderer only translates it.
 *
 * @param dns           the namespace talks to kube-dns on port 53
 * @param sameNamespace render the allow-same-namespace rule
 * @param entries       destinations with their ports, sorted by destination
 * @param allPorts      every observed protocol and port except DNS to kube-dns (tier D port-only policies)
 * @param unnamable     rules no policy format can name (a flow the kernel logged to port 0, or with protocol 0),
 *                      described for the {@code flowpolicy.io/omitted} annotation, sorted
 */
record EgressPlan(String namespace, String tier, String state, boolean dns, boolean sameNamespace,
                  List<Entry> entries, SortedMap<String, SortedSet<Integer>> allPorts, List<String> unnamable) {

    static final String TIER_D = "D";
    static final String STABLE = "stable";

    /**
     * A destination and what may be sent there.
     *
     * @param ports per protocol, the ports (ICMP: types); a set holding -1 means any port or type
     */
    record Entry(Destination destination, SortedMap<String, SortedSet<Integer>> ports) {
    }

    boolean staged() {
        return !STABLE.equals(state);
    }

    boolean tierD() {
        return TIER_D.equals(tier);
    }

    String policyName() {
        return namespace + "-egress";
    }
}
