package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntervalLedgerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private final List<InventoryRecord> published = new ArrayList<>();
    private final IntervalLedger ledger = new IntervalLedger(published::add);

    @Test
    void shouldKeepAnUnchangedIntervalOpenWithItsOriginalStart() {
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of(), T0)), T0);
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of(), T1)), T1);

        assertEquals(List.of(pod("10.244.1.5", List.of(), T0)), published);
        assertEquals(List.of(pod("10.244.1.5", List.of(), T0)), ledger.open("pod/a"));
    }

    @Test
    void shouldCloseTheOldIntervalBeforeOpeningItsReplacement() {
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of(), T0)), T0);
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of("payments/api"), T1)), T1);

        InventoryRecord closed = IntervalLedger.withTimes(pod("10.244.1.5", List.of(), T0), T0, T1);
        assertEquals(List.of(pod("10.244.1.5", List.of(), T0), closed, pod("10.244.1.5", List.of("payments/api"), T1)),
            published);
        assertEquals(closed.topicKey(), published.get(0).topicKey());
    }

    @Test
    void shouldForgetAnObjectOnceAllItsIntervalsAreClosed() {
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of(), T0)), T0);
        ledger.reconcile("pod/a", List.of(), T1);

        assertEquals(List.of(), ledger.open("pod/a"));
        assertEquals(Set.of(), ledger.sourcesHolding("10.244.1.5", "pod"));
    }

    @Test
    void shouldFindEveryObjectHoldingAnIpOfAKind() {
        ledger.reconcile("pod/a", List.of(pod("10.244.1.5", List.of(), T0)), T0);
        ledger.reconcile("pod/b", List.of(pod("10.244.1.5", List.of(), T0)), T0);
        ledger.reconcile("node/n", List.of(new InventoryRecord("10.244.1.5", "node", null, "n", null, Map.of(), "n",
            List.of(), T0, null)), T0);

        assertEquals(Set.of("pod/a", "pod/b"), ledger.sourcesHolding("10.244.1.5", "pod"));
    }

    private static InventoryRecord pod(String ip, List<String> services, Instant from) {
        return new InventoryRecord(ip, "pod", "payments", "api-1", "Pod/api-1", Map.of(), "worker-1", services, from,
            null);
    }
}
