package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
