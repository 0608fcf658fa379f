package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Point-in-time lookup over the inventory store, whose keys are {@code <ip>|<owner>|<from>}
 * ({@link InventoryRecord#topicKey()}): a prefix scan finds every interval an IP ever had. Scans are cached.
 */
public final class InventoryStoreLookup implements InventoryLookup {
    private final ReadOnlyKeyValueStore<String, InventoryRecord> store;
    private final InventoryCache cache;

    public InventoryStoreLookup(ReadOnlyKeyValueStore<String, InventoryRecord> store, InventoryCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public Optional<InventoryRecord> ownerAt(String ip, Instant at) {
        return cache.ownerAt(ip, at, this::intervalsOf);
    }

    private List<InventoryRecord> intervalsOf(String ip) {
        List<InventoryRecord> records = new ArrayList<>();
        try (KeyValueIterator<String, InventoryRecord> it = store.prefixScan(ip + "|", new StringSerializer())) {
            it.forEachRemaining(entry -> {
                // A restore that bypassed InventoryStoreUpdater may have copied unusable records into the store.
                if (entry.value != null && InventoryCheck.problem(entry.value).isEmpty()) {
                    records.add(entry.value);
                }
            });
        }
        return List.copyOf(records);
    }
}
