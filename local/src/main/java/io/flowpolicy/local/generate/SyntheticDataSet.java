package io.flowpolicy.local.generate;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.JsonSerde;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A generated data set: the flow file and the inventory file of the synthetic cluster for a time range.
 *
 * @param seed  seeds the cluster and the lines; the same settings always give byte-identical files
 * @param end   the end of the range (exclusive); the range is {@code days} days before it
 * @param days  the number of days
 * @param rate  mean flow lines per namespace per day
 */
public record SyntheticDataSet(long seed, Instant end, int days, double rate) {
    public static final String FLOWS = "flows.jsonl";
    public static final String INVENTORY = "inventory.jsonl";
    /** Lines per namespace per day by default: 36 namespaces over 7 days give about 1.4 million lines. */
    public static final double DEFAULT_RATE = 5650;
    /** How many deliberately malformed flow lines every data set holds. */
    public static final int MALFORMED_LINES = FlowGenerator.MALFORMED_LINES;

    public SyntheticDataSet {
        if (days < 1) {
            throw new IllegalArgumentException("days < 1: " + days);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + rate);
        }
    }

    /** The start of the range (inclusive). */
    public Instant start() {
        return end.minus(Duration.ofDays(days));
    }

    /** The counts of what was written. */
    public record Written(Path flows, Path inventory, long flowLines, int inventoryRecords) {
    }

    /**
     * Writes {@value #FLOWS} and {@value #INVENTORY} into the directory (created when absent), replacing them.
     *
     * @throws IOException when a file cannot be written
     */
    public Written writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        ClusterPlan plan = plan();
        Path flows = dir.resolve(FLOWS);
        long lines;
        try (JsonlFlowWriter writer = new JsonlFlowWriter(flows)) {
            lines = new FlowGenerator(plan, rate, seed).run(writer);
        }
        Path inventory = writeInventory(plan, dir);
        return new Written(flows, inventory, lines, plan.inventory().size());
    }

    /** Writes only {@value #INVENTORY} (the flows go to Loki); returns its path. */
    public Path writeInventoryTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        return writeInventory(plan(), dir);
    }

    private static Path writeInventory(ClusterPlan plan, Path dir) throws IOException {
        Path inventory = dir.resolve(INVENTORY);
        try (BufferedWriter out = Files.newBufferedWriter(inventory, StandardCharsets.UTF_8)) {
            for (InventoryRecord r : plan.inventory()) {
                out.write(JsonSerde.MAPPER.writeValueAsString(r));
                out.write('\n');
            }
        }
        return inventory;
    }

    /** Hands every flow line of the range, in time order, to the sink. */
    public long generate(FlowSink sink) throws IOException {
        return new FlowGenerator(plan(), rate, seed).run(sink);
    }

    /** Hands the lines of one hour of the range (hours past its end repeat the last day's pattern) to the sink. */
    FlowGenerator generator() {
        return new FlowGenerator(plan(), rate, seed);
    }

    ClusterPlan plan() {
        return ClusterPlanner.plan(seed, start(), days);
    }
}
