package io.flowpolicy.ingest.loki;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * In-memory entries per stream with Loki's query semantics: start inclusive, end exclusive, the
 * limit applied to the merged result in timestamp order, and exact duplicates (same stream,
 * timestamp and line) dropped like at Loki's ingest. An entry's structured metadata is added to
 * the labels it is returned with, so one stream can come back as several result streams.
 */
final class TestLogStore {

    /** @param metadata the entry's structured metadata, empty when it has none */
    record Entry(long ts, String line, Map<String, String> metadata) {
    }

    record StreamResult(Map<String, String> labels, List<Entry> values) {
    }

    private static final Comparator<Entry> BY_TS_LINE =
            Comparator.comparingLong(Entry::ts).thenComparing(Entry::line);

    private final Map<Map<String, String>, Stream> streams = new LinkedHashMap<>();

    synchronized void push(Map<String, String> labels, long ts, String line, Map<String, String> metadata) {
        streams.computeIfAbsent(Map.copyOf(labels), l -> new Stream()).add(new Entry(ts, line, Map.copyOf(metadata)));
    }

    synchronized List<String> labelNames() {
        TreeSet<String> names = new TreeSet<>();
        streams.keySet().forEach(l -> names.addAll(l.keySet()));
        return new ArrayList<>(names);
    }

    synchronized int size() {
        return streams.values().stream().mapToInt(s -> s.sorted().size()).sum();
    }

    /** The label sets of the streams {@code q} selects that hold an entry in [start, end), as {@code series} lists. */
    synchronized List<Map<String, String>> series(TestLogQuery q, long start, long end) {
        List<Map<String, String>> out = new ArrayList<>();
        streams.forEach((labels, stream) -> {
            List<Entry> entries = stream.sorted();
            if (q.matchesStream(labels) && lowerBound(entries, start) < lowerBound(entries, end)) {
                out.add(labels);
            }
        });
        return out;
    }

    synchronized List<StreamResult> query(TestLogQuery q, long start, long end, int limit, boolean forward) {
        List<Map<String, String>> labels = new ArrayList<>();
        List<List<Entry>> picked = new ArrayList<>();
        List<int[]> starts = new ArrayList<>();
        List<List<Entry>> sources = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Stream> s : streams.entrySet()) {
            if (!q.matchesStream(s.getKey())) {
                continue;
            }
            List<Entry> entries = s.getValue().sorted();
            int lo = lowerBound(entries, start);
            int hi = lowerBound(entries, end);
            if (lo < hi) {
                int idx = sources.size();
                sources.add(entries);
                bounds.add(new int[] {lo, hi});
                labels.add(s.getKey());
                picked.add(new ArrayList<>());
                starts.add(new int[] {idx, forward ? lo : hi - 1});
            }
        }
        PriorityQueue<int[]> heads = new PriorityQueue<>(headOrder(sources, forward));
        heads.addAll(starts);
        int taken = 0;
        while (taken < limit && !heads.isEmpty()) {
            int[] h = heads.poll();
            Entry e = sources.get(h[0]).get(h[1]);
            if (q.matchesLine(e.line())) {
                picked.get(h[0]).add(e);
                taken++;
            }
            int nextPos = forward ? h[1] + 1 : h[1] - 1;
            if (nextPos >= bounds.get(h[0])[0] && nextPos < bounds.get(h[0])[1]) {
                heads.add(new int[] {h[0], nextPos});
            }
        }
        List<StreamResult> out = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
            out.addAll(byReturnedLabels(labels.get(i), picked.get(i)));
        }
        return out;
    }

    /** One result stream per distinct label set once the structured metadata is added, in first-seen order. */
    private static List<StreamResult> byReturnedLabels(Map<String, String> stream, List<Entry> entries) {
        Map<Map<String, String>, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : entries) {
            groups.computeIfAbsent(returnedLabels(stream, e.metadata()), l -> new ArrayList<>()).add(e);
        }
        List<StreamResult> out = new ArrayList<>();
        groups.forEach((l, values) -> out.add(new StreamResult(l, values)));
        return out;
    }

    /** Like Loki's label builder, a metadata name that is already a stream label gets the suffix _extracted. */
    private static Map<String, String> returnedLabels(Map<String, String> stream, Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return stream;
        }
        Map<String, String> labels = new LinkedHashMap<>(stream);
        metadata.forEach((k, v) -> labels.put(stream.containsKey(k) ? k + "_extracted" : k, v));
        return labels;
    }

    /**
     * Timestamp order in the query direction. Ties are broken in an order that differs from one
     * timestamp to the next, as Loki promises no order there, so a limit cuts ties unpredictably.
     */
    private static Comparator<int[]> headOrder(List<List<Entry>> sources, boolean forward) {
        return (a, b) -> {
            long ta = sources.get(a[0]).get(a[1]).ts();
            long tb = sources.get(b[0]).get(b[1]).ts();
            int c = forward ? Long.compare(ta, tb) : Long.compare(tb, ta);
            return c != 0 ? c : Long.compare(tieRank(a[0], ta), tieRank(b[0], tb));
        };
    }

    private static long tieRank(int stream, long ts) {
        long h = (ts ^ (stream * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
        return (h ^ (h >>> 31)) * 2 + stream;
    }

    private static int lowerBound(List<Entry> entries, long ts) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).ts() < ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static final class Stream {
        private List<Entry> entries = new ArrayList<>();
        private boolean dirty;

        void add(Entry e) {
            entries.add(e);
            dirty = true;
        }

        List<Entry> sorted() {
            if (dirty) {
                entries.sort(BY_TS_LINE);
                List<Entry> unique = new ArrayList<>(entries.size());
                for (Entry e : entries) {
                    if (unique.isEmpty() || BY_TS_LINE.compare(unique.get(unique.size() - 1), e) != 0) {
                        unique.add(e);
                    }
                }
                entries = unique;
                dirty = false;
            }
            return entries;
        }
    }
}
