package io.flowpolicy.ingest.kubernetes;

import io.flowpolicy.model.InventoryRecord;

/**
 * Receives IP ownership intervals as they open and close.
 *
 * <p>A record with {@code to == null} opens an interval; a later record with the same
 * {@link InventoryRecord#topicKey()} and {@code to != null} closes it. Calls come from informer threads,
 * one at a time and in the order the intervals changed, while the watcher holds its state lock:
 * an implementation must not block for long (hand off to an asynchronous producer).
 */
@FunctionalInterface
public interface InventorySink {
    /** Publishes one opened or closed interval. */
    void publish(InventoryRecord record);
}
