package io.flowpolicy.local.generate;

import io.flowpolicy.model.InventoryRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The synthetic cluster: every IP ownership interval, and for each namespace what it sends.
 *
 * @param start      the beginning of the generated range (inclusive)
 * @param days       the length of the range in days
 * @param ownerSwitch when the IP of {@code status-page}'s pod passes to a new {@code tandoor} pod
 */
record ClusterPlan(Instant start, int days, List<InventoryRecord> inventory, List<NamespacePlan> namespaces,
                   Instant ownerSwitch) {

    ClusterPlan {
        inventory = List.copyOf(inventory);
        namespaces = List.copyOf(namespaces);
    }

    Instant end() {
        return start.plus(Duration.ofDays(days));
    }
}
