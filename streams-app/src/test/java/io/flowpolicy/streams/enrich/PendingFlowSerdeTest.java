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
            byte[] bytes = serde.serializer().serialize("t", flow);
            assertEquals(flow, serde.deserializer().deserialize("t", bytes));
            assertEquals(1, bytes[0], "a flow without DNS names is kept in the format older releases read");
        }
    }

    @Test
    void shouldKeepThePeersDnsNamesAndHint() {
        EnrichedFlow named = new EnrichedFlow(1L, "node-1", "shop", "web", "web-1",
            Peer.fqdn("api.example.com", "99.83.136.103", java.util.List.of("api.example.com", "edge.example.net")),
            "TCP", 443, null);
        EnrichedFlow hinted = new EnrichedFlow(2L, "node-1", "shop", "web", "web-1",
            Peer.external("99.83.136.104").withHint("ec2-99-83-136-104.compute.example.com"), "TCP", 443, null);

        for (EnrichedFlow flow : new EnrichedFlow[] {named, hinted}) {
            assertEquals(flow, serde.deserializer().deserialize("t", serde.serializer().serialize("t", flow)));
        }
    }

    @Test
    void shouldKeepEveryAddressOfANodeReachedOnSeveral() {
        Peer node = Peer.node("node-1", "192.0.2.11").withAddressesOf(Peer.node("node-1", "10.0.0.11"));
        EnrichedFlow flow = new EnrichedFlow(1L, "node-1", "shop", "web", "web-1", node, "TCP", 10250, null, 4, 8L);

        byte[] bytes = serde.serializer().serialize("t", flow);

        assertEquals(flow, serde.deserializer().deserialize("t", bytes));
        assertEquals(java.util.List.of("10.0.0.11", "192.0.2.11"),
            serde.deserializer().deserialize("t", bytes).peer().addresses());
    }

    @Test
    void shouldStillReadFlowsKeptBeforeNamesWereKept() {
        // Version 1 (before DNS names were kept): an external peer, no node, no workload, no pod, no policy.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(5L);
            out.writeLong(6L);
            out.writeLong(2L);
            out.writeInt(443);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeUTF("shop");
            for (int i = 0; i < 2; i++) {
                out.writeBoolean(false);
            }
            out.writeBoolean(true);
            out.writeUTF("TCP");
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeUTF("external");
            out.writeBoolean(false);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeUTF("1.2.3.4");
            out.writeInt(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertEquals(new EnrichedFlow(5L, null, "shop", null, null, Peer.external("1.2.3.4"), "TCP", 443, null, 2, 6L),
            serde.deserializer().deserialize("t", bytes.toByteArray()));
    }

    @Test
    void shouldRefuseAnUnknownFormatVersion() {
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}));
    }
}
