package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import java.util.Optional;

/**
 * Decides whether an inventory record can be used for attribution. The inventory topic is written by other
 * programs (or by hand), so a record may lack fields or carry an address that is not an IP; such a record must
 * never reach the lookups, which compare its {@code from} and {@code to}. Overlapping intervals are not an error:
 * a late close event produces them, and the lookup resolves them (the most recently started owner wins).
 */
public final class InventoryCheck {
    private InventoryCheck() {
    }

    /** The reason the record is unusable, such as {@code not-an-ip}; empty when it is fine. */
    public static Optional<String> problem(InventoryRecord record) {
        if (record.ip() == null || record.ip().isBlank()) {
            return Optional.of("missing-ip");
        }
        if (IpAddresses.canonical(record.ip()).isEmpty()) {
            return Optional.of("not-an-ip");
        }
        if (record.kind() == null || !InventoryRecord.KINDS.contains(record.kind())) {
            return Optional.of("unknown-kind");
        }
        if (record.name() == null || record.name().isBlank()) {
            return Optional.of("missing-name");
        }
        if (!"node".equals(record.kind()) && (record.namespace() == null || record.namespace().isBlank())) {
            return Optional.of("missing-namespace");
        }
        if (record.from() == null) {
            return Optional.of("missing-from");
        }
        if (record.to() != null && record.to().isBefore(record.from())) {
            return Optional.of("ends-before-start");
        }
        return Optional.empty();
    }
}
