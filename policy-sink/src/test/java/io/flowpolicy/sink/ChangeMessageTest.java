package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.fqdn;
import static io.flowpolicy.sink.Candidates.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.flowpolicy.model.NameAddress;
import io.flowpolicy.sink.render.NameAddresses;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeMessageTest {

    @Test
    void shouldListNewPortsOfKnownPeersApartFromNewPeers() {
        PolicyState before = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            external("9.9.9.9", "TCP", 443))));
        PolicyState after = PolicyState.of(List.of(policy("affine", "C", "stabilizing", 4,
            external("9.9.9.9", "TCP", 443), external("9.9.9.9", "TCP", 853), external("8.8.8.8", "UDP", 53))));

        assertEquals("affine: +1 peer (external:8.8.8.8 UDP/53), +1 port (external:9.9.9.9 TCP/853), "
            + "learning → stabilizing, tier B → C", ChangeMessage.between(before, after));
    }

    private static NameAddresses addresses(String name, String... ips) {
        Instant seen = Instant.parse("2026-05-18T08:00:00Z");
        return NameAddresses.of(java.util.Arrays.stream(ips).map(ip -> new NameAddress(name, ip, seen, seen)).toList());
    }

    @Test
    void shouldSayWhichAddressesADnsNameMovedToWhenNothingElseChanged() {
        List<io.flowpolicy.model.CandidatePolicy> policies = List.of(policy("affine", "B", "stable", 9,
            fqdn("api.example.com", "1.2.3.4", "TCP", 443)));
        PolicyState before = PolicyState.of(policies, addresses("api.example.com", "1.2.3.4"));
        PolicyState after = PolicyState.of(policies, addresses("api.example.com", "1.2.3.4", "5.6.7.8"));

        assertEquals("fqdn:api.example.com: 1.2.3.4 → 1.2.3.4, 5.6.7.8", ChangeMessage.between(before, after));
    }

    @Test
    void shouldSummariseNamespacesAndNamesThatChangedTogether() {
        PolicyState before = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            fqdn("api.example.com", "1.2.3.4", "TCP", 443))), addresses("api.example.com", "1.2.3.4"));
        PolicyState after = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            fqdn("api.example.com", "1.2.3.4", "TCP", 443), external("8.8.8.8", "UDP", 53))),
            addresses("api.example.com", "5.6.7.8"));

        assertEquals("flowpolicy: 1 namespace changed (affine), addresses of 1 DNS name changed "
            + "(fqdn:api.example.com)\n\naffine: +1 peer (external:8.8.8.8 UDP/53)\n"
            + "fqdn:api.example.com: 1.2.3.4 → 5.6.7.8", ChangeMessage.between(before, after));
    }

    @Test
    void shouldReadAStateWithoutNamesAndWriteNoneWhenThereAreNone() {
        PolicyState state = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            external("9.9.9.9", "TCP", 443))));
        PolicyState named = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            fqdn("api.example.com", "1.2.3.4", "TCP", 443))), addresses("api.example.com", "1.2.3.4"));

        assertFalse(state.toJson().contains("\"names\""), state.toJson());
        assertEquals(named, PolicyState.parse(Optional.of(named.toJson())));
        assertEquals(List.of("1.2.3.4"), named.names().get("api.example.com"));
    }

    @Test
    void shouldReadBackTheStateItWrote() {
        PolicyState state = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            external("9.9.9.9", "TCP", 443))));

        assertEquals(state, PolicyState.parse(Optional.of(state.toJson())));
        assertEquals(PolicyState.parse(Optional.empty()), PolicyState.parse(Optional.of("not json")));
    }
}
