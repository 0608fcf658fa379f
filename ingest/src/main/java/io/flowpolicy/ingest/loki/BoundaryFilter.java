package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops the entries a forward page repeats from the previous page.
 *
 * <p>A page starting at the previous page's last timestamp (start is inclusive) returns again the
 * entries at that timestamp, plus possibly others at the same timestamp that the previous page's
 * limit cut off. This keeps a multiset of the entries already delivered at the latest timestamp,
 * keyed by (timestamp, labels, line): the same line at the same nanosecond in another stream is a
 * different entry and is kept. Counting rather than a set keeps it right even if a server ever
 * returned truly identical entries (Loki drops those at ingest).
 */
final class BoundaryFilter {

    private long boundaryTs = Long.MIN_VALUE;
    private Map<RawLine, Integer> delivered = new HashMap<>();

    /** Appends the new entries of a page sorted by timestamp to {@code out}. */
    void accept(List<RawLine> sortedPage, List<RawLine> out) {
        if (sortedPage.isEmpty()) {
            return;
        }
        // Each page may repeat each delivered entry once, so repeats are matched against a fresh copy.
        Map<RawLine, Integer> repeatable = new HashMap<>(delivered);
        int firstNew = out.size();
        for (RawLine e : sortedPage) {
            long ts = e.tsNanos();
            if (ts < boundaryTs) {
                // Before this page's start: only a misbehaving server sends it, and it was read before.
                continue;
            }
            if (ts == boundaryTs && repeatable.getOrDefault(e, 0) > 0) {
                repeatable.merge(e, -1, Integer::sum);
                continue;
            }
            out.add(e);
        }
        long lastTs = sortedPage.get(sortedPage.size() - 1).tsNanos();
        if (lastTs > boundaryTs) {
            boundaryTs = lastTs;
            delivered = new HashMap<>();
        }
        // Only the entries at the last timestamp can come back; tracking just those keeps this O(page).
        for (int i = out.size() - 1; i >= firstNew && out.get(i).tsNanos() == boundaryTs; i--) {
            delivered.merge(out.get(i), 1, Integer::sum);
        }
    }
}
