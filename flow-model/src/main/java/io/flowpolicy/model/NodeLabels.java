package io.flowpolicy.model;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node logged a line, from its stream labels: the value of the first of the configured label names that has a
 * non-empty one. The raw topic is keyed by it and flows are attributed to it. The answer is remembered per labels map,
 * because the records of one stream share one map (the raw-line readers hand out the same map for the same labels).
 * Not thread-safe: one per publisher or processor.
 */
public final class NodeLabels {
    private static final int MAX_REMEMBERED = 64;

    private final List<String> names;
    private final Map<Map<String, String>, String> byLabels = new IdentityHashMap<>();

    /** @param names label names tried in order, e.g. {@code host}, {@code node} */
    public NodeLabels(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** The node the labels name, or "" when none of the names has a value. */
    public String nodeOf(Map<String, String> labels) {
        String node = byLabels.get(labels);
        if (node == null) {
            if (byLabels.size() >= MAX_REMEMBERED) {
                byLabels.clear(); // maps of records read some other way are new every time
            }
            node = lookUp(labels);
            byLabels.put(labels, node);
        }
        return node;
    }

    private String lookUp(Map<String, String> labels) {
        for (String name : names) {
            String value = labels.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }
}
