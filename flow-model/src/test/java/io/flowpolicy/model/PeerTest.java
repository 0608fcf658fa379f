package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerTest {
    private static final List<Peer> PEERS = List.of(
        Peer.pod("shop", "web", Map.of("app", "web")),
        Peer.pod("shop", "web", Map.of("app", "web", "version", "2")),
        Peer.pod("blog", "web", Map.of()),
        Peer.pod("shop", "db", Map.of()),
        Peer.service("shop", "web"),
        Peer.service("kube-system", "kube-dns"),
        Peer.node("node-1", "10.0.0.1"),
        Peer.node("node-1", "10.0.0.2"),
        Peer.node("node-2", "10.0.0.1"),
        Peer.external("1.2.3.4"),
        Peer.external("1.2.3.4").withHint("host.example.com"),
        Peer.external("1.2.3.5"),
        Peer.fqdn("api.example.com", "1.2.3.4", List.of("api.example.com")),
        Peer.fqdn("api.example.com", "1.2.3.5", List.of("api.example.com", "edge.example.net")),
        Peer.fqdn("cdn.example.com", "1.2.3.4", List.of("cdn.example.com")));

    @Test
    void shouldBeTheSameDestinationExactlyWhenTheIdsAreEqual() {
        for (Peer a : PEERS) {
            for (Peer b : PEERS) {
                boolean sameId = a.id().equals(b.id());
                assertEquals(sameId, a.sameIdentity(b), a + " / " + b);
                if (sameId) {
                    assertEquals(a.identityHash(), b.identityHash(), a + " / " + b);
                }
            }
        }
    }

    @Test
    void shouldKeepTheLabelsBothPodsHaveWithTheSameValueInAnyOrder() {
        Peer v1 = Peer.pod("blog", "db", Map.of("app", "db", "tier", "data", "version", "1.0"));
        Peer v2 = Peer.pod("blog", "db", Map.of("app", "db", "tier", "cache", "version", "1.1"));
        Peer v3 = Peer.pod("blog", "db", Map.of("app", "db", "version", "1.2", "extra", "x"));

        assertEquals(Map.of("app", "db"), v1.withLabelsSharedWith(v2).labels());
        assertEquals(v1.withLabelsSharedWith(v2).withLabelsSharedWith(v3),
            v3.withLabelsSharedWith(v2.withLabelsSharedWith(v1)));
        assertEquals("pod:blog/db", v1.withLabelsSharedWith(v3).id());
        assertSame(v1, v1.withLabelsSharedWith(Peer.pod("blog", "db", Map.of("version", "1.0", "tier", "data",
            "app", "db"))));
    }

    @Test
    void shouldCombineFlowsOfOneRuleIntoTheLabelsAllTheirPodsHave() {
        EnrichedFlow early = flowTo(Peer.pod("blog", "db", Map.of("app", "db", "version", "1.0")), 100);
        EnrichedFlow late = flowTo(Peer.pod("blog", "db", Map.of("app", "db", "version", "1.1")), 200);

        EnrichedFlow combined = late.combine(early);

        assertEquals(Map.of("app", "db"), combined.peer().labels());
        assertEquals(combined, early.combine(late));
        assertEquals(100, combined.ts());
        assertEquals(2, combined.count());
    }

    @Test
    void shouldKeepEveryAddressANodeWasReachedOnInAnyOrder() {
        Peer internal = Peer.node("node-1", "10.0.0.11");
        Peer external = Peer.node("node-1", "192.0.2.11");
        Peer v6 = Peer.node("node-1", "fd00::11");

        Peer all = internal.withAddressesOf(external).withAddressesOf(v6);

        assertEquals(List.of("10.0.0.11", "192.0.2.11", "fd00::11"), all.addresses());
        assertEquals("10.0.0.11", all.ip());
        assertEquals("node:node-1", all.id());
        assertEquals(all.addresses(), v6.withAddressesOf(external.withAddressesOf(internal)).addresses());
        assertEquals(List.of("10.0.0.11"), internal.reachedOn());
        assertEquals(List.of(), internal.withAddressesOf(Peer.node("node-1", "10.0.0.11")).addresses());
        assertSame(all, all.withAddressesOf(external));
        Peer pod = Peer.pod("blog", "db", Map.of());
        assertSame(pod, pod.withAddressesOf(Peer.pod("blog", "db", Map.of())));
    }

    @Test
    void shouldCombineFlowsToANodeIntoEveryAddressTheyWentTo() {
        EnrichedFlow early = flowTo(Peer.node("node-1", "192.0.2.11"), 100);
        EnrichedFlow late = flowTo(Peer.node("node-1", "10.0.0.11"), 200);

        EnrichedFlow combined = late.combine(early);

        assertEquals(combined, early.combine(late));
        assertEquals("192.0.2.11", combined.peer().ip());
        assertEquals(List.of("10.0.0.11", "192.0.2.11"), combined.peer().addresses());
    }

    @Test
    void shouldLeaveAddressesOutOfTheJsonOfAPeerReachedOnOne() {
        JsonSerde<Peer> json = JsonSerde.of(Peer.class);
        Peer two = Peer.node("node-1", "10.0.0.11").withAddressesOf(Peer.node("node-1", "192.0.2.11"));

        assertEquals("{\"kind\":\"node\",\"name\":\"node-1\",\"ip\":\"10.0.0.11\"}",
            new String(json.toBytes(Peer.node("node-1", "10.0.0.11")), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(two, json.fromBytes(json.toBytes(two)));
    }

    private static EnrichedFlow flowTo(Peer peer, long ts) {
        return new EnrichedFlow(ts, "node-1", "shop", "web", "web-0", peer, "TCP", 5432, null);
    }
}
