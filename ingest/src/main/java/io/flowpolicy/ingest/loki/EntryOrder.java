package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders entries by (timestamp, labels, line). Labels compare by their sorted key=value form, so
 * the key order Loki happens to emit per stream does not matter. Not thread-safe: one per sort.
 */
final class EntryOrder implements Comparator<RawLine> {

    // Entries of one stream share one labels instance, so an identity cache makes this ~free.
    private final Map<Map<String, String>, String> canonical = new IdentityHashMap<>();

    /** Sorts a page merged from all its streams. */
    static List<RawLine> sorted(List<RawLine> page) {
        // RawLine keeps its timestamp as a string: parse each once, not once per comparison.
        List<Keyed> keyed = new ArrayList<>(page.size());
        for (RawLine l : page) {
            keyed.add(new Keyed(l.tsNanos(), l));
        }
        EntryOrder order = new EntryOrder();
        keyed.sort((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts) : order.compareSameTs(a.line, b.line));
        List<RawLine> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.line);
        }
        return out;
    }

    private record Keyed(long ts, RawLine line) {
    }

    @Override
    public int compare(RawLine a, RawLine b) {
        int c = Long.compare(a.tsNanos(), b.tsNanos());
        return c != 0 ? c : compareSameTs(a, b);
    }

    private int compareSameTs(RawLine a, RawLine b) {
        int c;
        if (a.labels() != b.labels()) {
            c = canonical(a.labels()).compareTo(canonical(b.labels()));
            if (c != 0) {
                return c;
            }
        }
        return a.line().compareTo(b.line());
    }

    private String canonical(Map<String, String> labels) {
        return canonical.computeIfAbsent(labels, l -> {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(l).forEach((k, v) -> sb.append(k).append('\u0000').append(v).append('\u0001'));
            return sb.toString();
        });
    }
}
