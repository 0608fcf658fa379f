package io.flowpolicy.sink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which tier B namespaces get enforced: fewest peers first, then the longest stable streak (days since
 * the last new peer), then name. The first is the pilot; the rest follow in batches. Pure.
 */
record RolloutPlan(List<Row> ranked, int batchSize) {

    /** @param streakDays days since the last new peer, or -1 when unknown (ranked last among equals) */
    record Row(String namespace, int peers, long streakDays) {
    }

    static RolloutPlan of(List<Row> tierB, int batchSize) {
        List<Row> ranked = new ArrayList<>(tierB);
        ranked.sort(Comparator.comparingInt(Row::peers)
            .thenComparing(Comparator.comparingLong(Row::streakDays).reversed())
            .thenComparing(Row::namespace));
        return new RolloutPlan(List.copyOf(ranked), batchSize);
    }

    /** The pilot, first of the ranking; null when there is no tier B namespace. */
    Row pilot() {
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    /** The namespaces after the pilot, in batches of {@code batchSize}. */
    List<List<Row>> batches() {
        List<List<Row>> batches = new ArrayList<>();
        for (int i = 1; i < ranked.size(); i += batchSize) {
            batches.add(ranked.subList(i, Math.min(ranked.size(), i + batchSize)));
        }
        return batches;
    }
}
