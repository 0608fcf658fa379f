package io.flowpolicy.streams.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceDetailTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldGatherTheDnsNamesAndPtrHintsOfTheNamespacesPeers() {
        List<CandidateRule> rules = List.of(
            rule(Peer.fqdn("api.example.com", "99.83.136.103", List.of("api.example.com"))),
            rule(new Peer(Peer.EXTERNAL, null, null, "93.184.216.34", Map.of(), List.of("example.com"), null)),
            rule(new Peer(Peer.EXTERNAL, null, null, "198.51.100.7", Map.of(), List.of(), "mail.example.org")),
            rule(Peer.service("kube-system", "kube-dns")));

        LocalStateQueries.NamespaceDetail detail = LocalStateQueries.NamespaceDetail.of(null, rules);

        assertEquals(List.of("api.example.com", "example.com"), detail.names());
        assertEquals(Map.of("198.51.100.7", "mail.example.org"), detail.hints());
    }

    private static CandidateRule rule(Peer peer) {
        return new CandidateRule(peer, "TCP", 443, T0, T0.plusSeconds(60), 1);
    }
}
