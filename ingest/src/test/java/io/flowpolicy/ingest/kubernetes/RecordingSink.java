package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.fail;

import io.flowpolicy.model.InventoryRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published record; lets a test wait, with a deadline, for informer threads to catch up. */
final class RecordingSink implements InventorySink {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<InventoryRecord> records = new CopyOnWriteArrayList<>();
    private int consumed;

    @Override
    public void publish(InventoryRecord record) {
        records.add(record);
    }

    /** Waits until {@code count} records beyond those already taken have arrived, and takes exactly those. */
    List<InventoryRecord> take(int count) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (records.size() < consumed + count) {
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " new records within " + DEADLINE + ", got "
                    + records.subList(consumed, records.size()));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted", e);
            }
        }
        List<InventoryRecord> taken = List.copyOf(records.subList(consumed, consumed + count));
        consumed += count;
        return taken;
    }

    /** Records published beyond those taken; used to check nothing unexpected followed. */
    List<InventoryRecord> untaken() {
        return List.copyOf(records.subList(consumed, records.size()));
    }
}
