package io.flowpolicy.streams.metrics;

/**
 * What the topology's processors count: handed to them through their constructors so that a topology test can run
 * without a registry and the service can run with one. Implementations must be thread-safe (every stream thread
 * calls them). Under exactly-once a counter counts processing attempts: a task that aborts and replays its input
 * counts those records again.
 */
public interface PipelineCounters {
    /** Counts nothing. */
    PipelineCounters NONE = new PipelineCounters() {
        @Override
        public void lineProcessed() {
        }

        @Override
        public void lineRejected(String reason) {
        }

        @Override
        public void flowTracked() {
        }

        @Override
        public void newDestination(boolean learning) {
        }
    };

    /** A raw line was handed to the parser. */
    void lineProcessed();

    /** A line or flow was rejected; {@code reason} is one of a small fixed set (RejectReason, too-late). */
    void lineRejected(String reason);

    /** An enriched flow reached the destination tracker. */
    void flowTracked();

    /** A (namespace, peer, protocol, port) was seen for the first time. */
    void newDestination(boolean learning);

    /** An inventory record was left out of the inventory store; {@code reason} is one of InventoryCheck's. */
    default void inventoryRejected(String reason) {
    }
}
