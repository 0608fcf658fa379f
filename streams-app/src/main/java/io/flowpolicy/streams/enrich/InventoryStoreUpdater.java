package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.streams.metrics.PipelineCounters;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the inventory global store equal to the inventory topic (same keys, same values), because Kafka Streams
 * may restore a global store by copying the topic into it without calling this processor. Unusable records
 * ({@link InventoryCheck}) are counted, logged and left out; a global processor has no downstream to route them to.
 */
public final class InventoryStoreUpdater implements Processor<String, InventoryRecord, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryStoreUpdater.class);

    private final String storeName;
    private final InventoryCache cache;
    private final PipelineCounters counters;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, InventoryRecord> store;

    public InventoryStoreUpdater(String storeName, InventoryCache cache) {
        this(storeName, cache, PipelineCounters.NONE);
    }

    public InventoryStoreUpdater(String storeName, InventoryCache cache, PipelineCounters counters) {
        this.storeName = storeName;
        this.cache = cache;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, InventoryRecord> record) {
        if (record.key() == null) {
            return;
        }
        Optional<String> problem = record.value() == null ? Optional.empty() : InventoryCheck.problem(record.value());
        if (problem.isPresent()) {
            counters.inventoryRejected(problem.get());
            context.recordMetadata().ifPresent(m -> LOG.warn("inventory record {} rejected ({}) at {}-{} offset {}",
                record.key(), problem.get(), m.topic(), m.partition(), m.offset()));
            // An earlier, valid version under the same key stays: a bad update must not erase a known owner.
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        int ipEnd = record.key().indexOf('|');
        if (ipEnd < 0) {
            cache.invalidateAll();
        } else {
            cache.invalidate(record.key().substring(0, ipEnd));
        }
    }
}
