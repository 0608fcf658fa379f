package io.flowpolicy.ingest.kubernetes;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The open intervals per Kubernetes object, so that a change can be turned into the intervals to close
 * and to open. Not thread-safe: {@link InventoryState} serialises access.
 */
final class IntervalLedger {
    private final InventorySink sink;
    private final Map<String, List<InventoryRecord>> openBySource = new HashMap<>();
    // Endpoint changes arrive per IP; an index keeps them from scanning every open interval in the cluster.
    private final Map<String, Set<String>> sourcesByIp = new HashMap<>();

    IntervalLedger(InventorySink sink) {
        this.sink = sink;
    }

    /**
     * Makes the open intervals of {@code source} match {@code desired}. An open interval whose ownership
     * facts (everything but from/to) are still desired stays open with its original start; the others are
     * closed at {@code now}, then the new ones are opened with the {@code from} they carry.
     */
    void reconcile(String source, List<InventoryRecord> desired, Instant now) {
        List<InventoryRecord> current = openBySource.getOrDefault(source, List.of());
        List<InventoryRecord> kept = new ArrayList<>();
        for (InventoryRecord open : current) {
            if (containsFact(desired, open)) {
                kept.add(open);
            } else {
                unindex(open.ip(), source);
                Instant to = now.isBefore(open.from()) ? open.from() : now;
                sink.publish(withTimes(open, open.from(), to));
            }
        }
        for (InventoryRecord wanted : desired) {
            if (!containsFact(kept, wanted)) {
                InventoryRecord opened = withTimes(wanted, wanted.from(), null);
                sink.publish(opened);
                kept.add(opened);
                sourcesByIp.computeIfAbsent(opened.ip(), ip -> new TreeSet<>()).add(source);
            }
        }
        if (kept.isEmpty()) {
            openBySource.remove(source);
        } else {
            openBySource.put(source, List.copyOf(kept));
        }
    }

    /** The open intervals of one object, empty when it owns nothing. */
    List<InventoryRecord> open(String source) {
        return openBySource.getOrDefault(source, List.of());
    }

    /** The objects with an open interval of this kind on this IP (usually one; two while IPs are reused). */
    Set<String> sourcesHolding(String ip, String kind) {
        Set<String> sources = new TreeSet<>();
        for (String source : sourcesByIp.getOrDefault(ip, Set.of())) {
            for (InventoryRecord r : open(source)) {
                if (r.ip().equals(ip) && r.kind().equals(kind)) {
                    sources.add(source);
                }
            }
        }
        return sources;
    }

    private void unindex(String ip, String source) {
        Set<String> sources = sourcesByIp.get(ip);
        if (sources != null) {
            sources.remove(source);
            if (sources.isEmpty()) {
                sourcesByIp.remove(ip);
            }
        }
    }

    static InventoryRecord withTimes(InventoryRecord r, Instant from, Instant to) {
        return new InventoryRecord(r.ip(), r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), from, to, r.servicePorts());
    }

    private static boolean containsFact(List<InventoryRecord> records, InventoryRecord candidate) {
        InventoryRecord fact = withTimes(candidate, null, null);
        for (InventoryRecord r : records) {
            if (withTimes(r, null, null).equals(fact)) {
                return true;
            }
        }
        return false;
    }
}
