package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the inventory global store equal to the inventory topic (same keys, same values), because Kafka Streams
 * restores a global store by copying the topic into it without calling this processor.
 */
public final class InventoryStoreUpdater implements Processor<String, InventoryRecord, Void, Void> {
    private final String storeName;
    private final InventoryCache cache;
    private KeyValueStore<String, InventoryRecord> store;

    public InventoryStoreUpdater(String storeName, InventoryCache cache) {
        this.storeName = storeName;
        this.cache = cache;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, InventoryRecord> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        cache.invalidate();
    }
}
