package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An in-memory cache of every IP's ownership intervals in front of the inventory global store, shared by the global
 * thread (which invalidates it on every inventory change) and the stream threads (which fill it). Flows vastly
 * outnumber inventory changes, so nearly every lookup is a map hit instead of a RocksDB prefix scan.
 */
public final class InventoryCache {
    private static final int MAX_ENTRIES = 200_000;

    private final Map<String, List<InventoryRecord>> intervals = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** Called by the global store's updater after every change: everything cached may be outdated. */
    public void invalidate() {
        generation.incrementAndGet();
        intervals.clear();
    }

    /**
     * The owner of {@code ip} at {@code at}; on a miss, loads the IP's intervals from the store.
     *
     * @param load reads every interval of an IP from the store
     */
    public Optional<InventoryRecord> ownerAt(String ip, Instant at, Function<String, List<InventoryRecord>> load) {
        List<InventoryRecord> known = intervals.get(ip);
        if (known == null) {
            long before = generation.get();
            known = load.apply(ip);
            // A change that raced with the load may have been missed by it: only cache what is known to be current.
            if (generation.get() == before && intervals.size() < MAX_ENTRIES) {
                intervals.put(ip, known);
            }
        }
        return ownerOf(known, at);
    }

    /** When intervals overlap (a late close event), the most recently started owner wins. */
    static Optional<InventoryRecord> ownerOf(List<InventoryRecord> records, Instant at) {
        InventoryRecord best = null;
        for (InventoryRecord candidate : records) {
            if (candidate.ownedAt(at) && (best == null || candidate.from().isAfter(best.from()))) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
