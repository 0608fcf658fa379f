package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.Optional;

/** Who owned an IP at a given time. */
@FunctionalInterface
public interface InventoryLookup {
    /** @param ip canonical IP text */
    Optional<InventoryRecord> ownerAt(String ip, Instant at);
}
