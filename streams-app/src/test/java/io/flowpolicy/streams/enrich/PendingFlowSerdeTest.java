package io.flowpolicy.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingFlowSerdeTest {
    private final PendingFlowSerde serde = new PendingFlowSerde();

    @Test
    void shouldRoundTripEveryFieldIncludingNullsAndLabels() {
        EnrichedFlow full = new EnrichedFlow(1L, "node-1", "shop", "web", "web-1",
            Peer.pod("db", "postgres", Map.of("app", "postgres", "tier", "data")), "TCP", 5432, "np shop/logger", 7, 9L);
        EnrichedFlow sparse = new EnrichedFlow(5L, null, "_unknown", "10.0.0.9", null, Peer.external("fd00::1"), "ICMPv6",
            128, null);

        for (EnrichedFlow flow : new EnrichedFlow[] {full, sparse}) {
            assertEquals(flow, serde.deserializer().deserialize("t", serde.serializer().serialize("t", flow)));
        }
    }

    @Test
    void shouldRefuseAnUnknownFormatVersion() {
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}));
    }
}
