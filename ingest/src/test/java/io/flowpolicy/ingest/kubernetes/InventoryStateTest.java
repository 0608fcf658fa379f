package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.flowpolicy.ingest.MutableClock;
import io.flowpolicy.model.InventoryRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The start of the intervals of objects already there when the watcher starts. (The fabric8 mock server stamps
 * every object it creates with its own wall clock, so these cases build the objects directly.)
 */
class InventoryStateTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-02-20T08:00:00Z");

    private final RecordingSink sink = new RecordingSink();
    private final InventoryState state =
        new InventoryState(sink, new MutableClock(START), new WorkloadResolver(key -> null, key -> null));

    @Test
    void shouldOpenNodeAndServiceIntervalsAtTheirCreationSoABackfillBeforeTheStartFindsThem() {
        state.initialize(List.of(), List.of(service("api", CREATED.toString())), List.of(node("worker-1",
            CREATED.toString())), List.of());

        assertEquals(Set.of(serviceRecord("api", CREATED), nodeRecord("worker-1", CREATED)), Set.copyOf(sink.take(2)));
    }

    @Test
    void shouldOpenThemAtTheStartWhenTheCreationIsUnknownOrNotBeforeIt() {
        state.initialize(List.of(), List.of(service("api", null)), List.of(node("worker-1", "2026-03-02T00:00:00Z")),
            List.of());

        assertEquals(Set.of(serviceRecord("api", START), nodeRecord("worker-1", START)), Set.copyOf(sink.take(2)));
    }

    private static Service service(String name, String created) {
        return new ServiceBuilder().withNewMetadata().withNamespace("payments").withName(name).withUid("svc-" + name)
            .withCreationTimestamp(created).endMetadata()
            .withNewSpec().withClusterIP("10.96.0.10").withClusterIPs("10.96.0.10").endSpec().build();
    }

    private static Node node(String name, String created) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("node-" + name)
            .withCreationTimestamp(created).endMetadata()
            .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.10").endAddress()
            .endStatus().build();
    }

    private static InventoryRecord serviceRecord(String name, Instant from) {
        return new InventoryRecord("10.96.0.10", "service", "payments", name, null, Map.of(), null, List.of(), from,
            null);
    }

    private static InventoryRecord nodeRecord(String name, Instant from) {
        return new InventoryRecord("192.168.0.10", "node", null, name, null, Map.of(), name, List.of(), from, null);
    }
}
