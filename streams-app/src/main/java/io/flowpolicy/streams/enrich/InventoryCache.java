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
 * thread (which invalidates an IP's entry when one of its records changes) and the stream threads (which fill it).
 * Flows vastly outnumber inventory changes, so nearly every lookup is a map hit instead of a RocksDB prefix scan,
 * also in a cluster whose pods come and go every second: a change costs the next lookup of that one IP a scan.
 */
public final class InventoryCache {
    private static final int MAX_ENTRIES = 200_000;

    private final Map<String, List<InventoryRecord>> intervals = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /**
     * Called by the global store's updater after a change to one of {@code ip}'s records (after the store write):
     * its cached intervals may be outdated.
     */
    public void invalidate(String ip) {
        generation.incrementAndGet();
        intervals.remove(ip);
    }

    /** After a change whose IP is unknown: everything cached may be outdated. */
    public void invalidateAll() {
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
            // A change that raced with the load may have been missed by it: only what is known to be current stays
            // cached. Checked after the put as well, since a change can also come between the check and the put,
            // after its invalidation found nothing to remove.
            if (generation.get() == before && intervals.size() < MAX_ENTRIES) {
                intervals.put(ip, known);
                if (generation.get() != before) {
                    intervals.remove(ip, known);
                }
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
