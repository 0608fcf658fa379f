package io.flowpolicy.sink.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builders for the insertion-ordered maps the renderers emit, and the metadata all formats share. */
final class Docs {
    private Docs() {
    }

    /** An ordered map from alternating keys and values; null values are left out, empty ones kept. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /**
     * Metadata with the tier and state as annotations. The days observed are left out on purpose: they change
     * daily and would make every policy file differ every day without any rule changing.
     */
    static Map<String, Object> metadata(EgressPlan plan, String name, Omissions omissions) {
        plan.unnamable().forEach(omissions::add);
        Map<String, Object> annotations = map(RenderLabels.TIER, plan.tier(), RenderLabels.STATE, plan.state(),
            RenderLabels.OMITTED, omissions.text());
        return map("name", name, "namespace", plan.namespace(),
            "labels", map(RenderLabels.MANAGED_BY, RenderLabels.MANAGER), "annotations", annotations);
    }

    /** Consecutive chunks of at most {@code size} elements. */
    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    /** What a format could not express, collected into one sorted annotation value. */
    static final class Omissions {
        private final SortedSet<String> items = new TreeSet<>();

        void add(String item) {
            items.add(item);
        }

        /** Null when nothing was omitted, so the annotation is left out. */
        String text() {
            return items.isEmpty() ? null : "not expressible in this format, left out: " + String.join("; ", items);
        }
    }
}
