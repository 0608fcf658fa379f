package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void shouldReadBackTheStateItWrote() {
        PolicyState state = PolicyState.of(List.of(policy("affine", "B", "learning", 3,
            external("9.9.9.9", "TCP", 443))));

        assertEquals(state, PolicyState.parse(Optional.of(state.toJson())));
        assertEquals(PolicyState.parse(Optional.empty()), PolicyState.parse(Optional.of("not json")));
    }
}
