package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Point-in-time lookup over the inventory store, whose keys are {@code <ip>|<owner>|<from>}
 * ({@link InventoryRecord#topicKey()}): a prefix scan finds every interval an IP ever had.
 */
public final class InventoryStoreLookup implements InventoryLookup {
    private final ReadOnlyKeyValueStore<String, InventoryRecord> store;

    public InventoryStoreLookup(ReadOnlyKeyValueStore<String, InventoryRecord> store) {
        this.store = store;
    }

    /** When intervals overlap (a late close event), the most recently started owner wins. */
    @Override
    public Optional<InventoryRecord> ownerAt(String ip, Instant at) {
        InventoryRecord best = null;
        try (KeyValueIterator<String, InventoryRecord> it = store.prefixScan(ip + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, InventoryRecord> entry = it.next();
                InventoryRecord candidate = entry.value;
                if (candidate != null && candidate.ownedAt(at) && (best == null || candidate.from().isAfter(best.from()))) {
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
