package io.flowpolicy.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PipelineCounters} as Micrometer counters. Prometheus names: {@code flowpolicy_lines_processed_total},
 * {@code flowpolicy_lines_rejected_total{reason}}, {@code flowpolicy_flows_tracked_total},
 * {@code flowpolicy_destinations_new_total{learning}}, {@code flowpolicy_inventory_rejected_total{reason}}.
 */
public final class MeterCounters implements PipelineCounters {
    public static final String LINES_PROCESSED = "flowpolicy.lines.processed";
    public static final String LINES_REJECTED = "flowpolicy.lines.rejected";
    public static final String FLOWS_TRACKED = "flowpolicy.flows.tracked";
    public static final String NEW_DESTINATIONS = "flowpolicy.destinations.new";
    public static final String INVENTORY_REJECTED = "flowpolicy.inventory.rejected";

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter tracked;
    private final Counter newLearning;
    private final Counter newAfterLearning;
    // Registry lookups build a meter id per call; the reason set is small and fixed, so cache the counters.
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> inventoryRejected = new ConcurrentHashMap<>();

    public MeterCounters(MeterRegistry registry) {
        this.registry = registry;
        this.processed = Counter.builder(LINES_PROCESSED)
            .description("Raw lines handed to the parser (processing attempts under exactly-once)").register(registry);
        this.tracked = Counter.builder(FLOWS_TRACKED)
            .description("Enriched flows counted by the destination tracker").register(registry);
        this.newLearning = newDestinations(registry, true);
        this.newAfterLearning = newDestinations(registry, false);
    }

    private static Counter newDestinations(MeterRegistry registry, boolean learning) {
        return Counter.builder(NEW_DESTINATIONS).tag("learning", Boolean.toString(learning))
            .description("First sightings of a (namespace, peer, protocol, port)").register(registry);
    }

    @Override
    public void lineProcessed() {
        processed.increment();
    }

    @Override
    public void lineRejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder(LINES_REJECTED).tag("reason", r)
            .description("Lines and flows rejected, by reason").register(registry)).increment();
    }

    @Override
    public void flowTracked() {
        tracked.increment();
    }

    @Override
    public void newDestination(boolean learning) {
        (learning ? newLearning : newAfterLearning).increment();
    }

    @Override
    public void inventoryRejected(String reason) {
        inventoryRejected.computeIfAbsent(reason, r -> Counter.builder(INVENTORY_REJECTED).tag("reason", r)
            .description("Inventory records left out of the inventory store, by reason").register(registry))
            .increment();
    }
}
