package io.flowpolicy.sink.render;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calico {@code GlobalNetworkSet} resources for the network sets that policies refer to: named
 * {@code flowpolicy-<set>}, labelled with the set's labels plus {@code flowpolicy.io/set: <set>}, which is what
 * the policies' selectors match. Only referenced sets are written; a cloud provider's file can hold hundreds.
 */
final class GlobalNetworkSetRenderer {
    private GlobalNetworkSetRenderer() {
    }

    /** One document per set, in name order. */
    static List<Map<String, Object>> render(Collection<NetworkSet> sets) {
        TreeMap<String, NetworkSet> byName = new TreeMap<>();
        sets.forEach(s -> byName.put(s.name(), s));
        return byName.values().stream().map(GlobalNetworkSetRenderer::document).toList();
    }

    private static Map<String, Object> document(NetworkSet set) {
        Map<String, String> labels = new TreeMap<>(set.labels());
        labels.put(RenderLabels.SET, set.name());
        labels.put(RenderLabels.MANAGED_BY, RenderLabels.MANAGER);
        Map<String, Object> metadata = Docs.map("name", "flowpolicy-" + set.name(), "labels", labels,
            "annotations", set.source().isEmpty() ? null : Docs.map(RenderLabels.SOURCE, set.source()));
        return Docs.map("apiVersion", "projectcalico.org/v3", "kind", "GlobalNetworkSet",
            "metadata", metadata, "spec", Docs.map("nets", set.cidrs()));
    }
}
