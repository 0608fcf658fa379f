package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.ArrayList;
import java.util.List;

/** Records every window the reader delivers, like a sink that commits lines and cursor together. */
final class CollectingSink implements WindowSink {

    record Delivery(List<RawLine> lines, long windowEnd) {
    }

    final List<Delivery> deliveries = new ArrayList<>();
    final List<RawLine> lines = new ArrayList<>();
    private final int failAfterWindows;

    CollectingSink() {
        this(Integer.MAX_VALUE);
    }

    /** Throws instead of committing the window after {@code failAfterWindows} commits, like a crash. */
    CollectingSink(int failAfterWindows) {
        this.failAfterWindows = failAfterWindows;
    }

    @Override
    public void accept(List<RawLine> batch, long windowEndNanos) {
        if (deliveries.size() >= failAfterWindows) {
            throw new IllegalStateException("simulated crash before committing window ending " + windowEndNanos);
        }
        deliveries.add(new Delivery(List.copyOf(batch), windowEndNanos));
        lines.addAll(batch);
    }

    long cursor() {
        return deliveries.isEmpty() ? -1 : deliveries.get(deliveries.size() - 1).windowEnd();
    }
}
