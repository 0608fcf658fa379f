package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TrackerSerdesTest {
    private static final Instant FIRST = Instant.parse("2026-11-12T08:00:00.123456789Z");
    private static final Instant LAST = Instant.parse("2026-11-19T23:59:59.000000001Z");
    private static final List<DestinationStats> RULES = List.of(
        new DestinationStats(Peer.pod("db", "postgres", Map.of("app", "postgres", "tier", "data")), "TCP", 5432, FIRST,
            LAST, 12_345, "Deployment/web"),
        new DestinationStats(Peer.external("2001:db8::1").withHint("host.example.com"), "ICMPv6", 128, FIRST, FIRST, 1,
            null),
        new DestinationStats(Peer.fqdn("api.example.com", "99.83.136.103", List.of("api.example.com", "edge.example.net")),
            "TCP", 443, FIRST, LAST, 2, "StatefulSet/worker"),
        new DestinationStats(Peer.node("node-1", "10.0.0.1"), "UDP", 53, FIRST, LAST, Long.MAX_VALUE, ""),
        new DestinationStats(Peer.node("node-2", "10.0.0.2").withAddressesOf(Peer.node("node-2", "fd00::2")), "TCP",
            10250, FIRST, LAST, 3, "DaemonSet/agent"));
    private static final DailyStats DAY = new DailyStats(FIRST, LAST, 42);
    private static final NamespaceActivity ACTIVITY = new NamespaceActivity(
        List.of(LocalDate.parse("2026-11-12"), LocalDate.parse("2026-11-13"), LocalDate.parse("2026-11-19")));

    @Test
    void shouldReadBackEveryFieldToTheNanosecond() {
        for (DestinationStats rule : RULES) {
            assertEquals(rule, roundTrip(TrackerSerdes.destinations(), rule));
        }
        assertEquals(DAY, roundTrip(TrackerSerdes.daily(), DAY));
        assertEquals(ACTIVITY, roundTrip(TrackerSerdes.activity(), ACTIVITY));
    }

    @Test
    void shouldBeSmallerThanTheJsonItReplaces() {
        byte[] binary = TrackerSerdes.destinations().serializer().serialize("t", RULES.get(0));
        byte[] json = JsonSerde.of(DestinationStats.class).toBytes(RULES.get(0));
        assertTrue(binary.length < json.length, binary.length + " vs " + json.length);
    }

    @Test
    void shouldStillReadTheJsonThatEarlierReleasesKept() {
        for (DestinationStats rule : RULES) {
            assertEquals(rule, TrackerSerdes.destinations().deserializer()
                .deserialize("t", JsonSerde.of(DestinationStats.class).toBytes(rule)));
        }
        assertEquals(DAY, TrackerSerdes.daily().deserializer().deserialize("t", JsonSerde.of(DailyStats.class).toBytes(DAY)));
        // The activity of releases that also kept the last new peer's time: that member is ignored now.
        byte[] olderActivity = "{\"days\":[\"2026-11-12\",\"2026-11-13\",\"2026-11-19\"],\"lastNewPeerAt\":\"2026-11-13T10:00:00Z\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ACTIVITY, TrackerSerdes.activity().deserializer().deserialize("t", olderActivity));
    }

    @Test
    void shouldWriteANodesAddressesAfterTheFieldsEarlierReleasesWroteAndRead() {
        DestinationStats several = RULES.get(RULES.size() - 1);
        DestinationStats one = new DestinationStats(Peer.node("node-2", "10.0.0.2"), several.protocol(), several.port(),
            FIRST, LAST, several.count(), several.sourceWorkload());
        byte[] withAddresses = TrackerSerdes.destinations().serializer().serialize("t", several);
        byte[] without = TrackerSerdes.destinations().serializer().serialize("t", one);

        assertEquals(List.of("10.0.0.2", "fd00::2"), roundTrip(TrackerSerdes.destinations(), several).peer().addresses());
        assertTrue(withAddresses.length > without.length);
        assertEquals(java.nio.ByteBuffer.wrap(without),
            java.nio.ByteBuffer.wrap(withAddresses, 0, without.length).slice());
    }

    @Test
    void shouldRefuseAFormatItDoesNotKnowNamingTheStore() {
        SerializationException e = assertThrows(SerializationException.class,
            () -> TrackerSerdes.daily().deserializer().deserialize("t", new byte[] {7, 0, 0}));
        assertEquals("unknown daily destination format version 7", e.getMessage());
        assertThrows(SerializationException.class,
            () -> TrackerSerdes.daily().deserializer().deserialize("t", new byte[] {1, 0, 0}));
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }
}
