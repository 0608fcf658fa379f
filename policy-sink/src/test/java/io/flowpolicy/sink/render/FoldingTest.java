package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldingTest {
    private static final CandidatePolicy SPREAD = Fixtures.stable(
        rule(Peer.external("54.187.174.169"), "TCP", 443),
        rule(Peer.external("54.187.174.10"), "TCP", 443),
        rule(Peer.external("54.187.174.200"), "TCP", 8443),
        rule(Peer.external("54.187.175.1"), "TCP", 443),
        rule(Peer.external("2001:db8::1"), "TCP", 443),
        rule(Peer.external("2001:db8::2"), "TCP", 443),
        rule(Peer.external("2001:db8::3"), "TCP", 443));

    private static List<CalicoModel.Rule> rules(RenderOptions options) {
        return CalicoModel.policy(new PolicyRenderer(options).render(SPREAD).files()
            .get("namespaces/payments/calico.yaml")).spec().egress();
    }

    @Test
    void shouldKeepEveryAddressWhenFoldingIsOff() {
        assertEquals(7, rules(RenderOptions.defaults()).size() - 1);
    }

    @Test
    void shouldFoldThreeOrMorePeersInOnePrefixIntoThatPrefix() {
        List<CalicoModel.Rule> rules = rules(RenderOptions.defaults().withFolding(3, 24));
        List<String> nets = rules.stream().skip(1).map(r -> r.destination().nets().get(0)).toList();
        assertEquals(List.of("54.187.174.0/24", "54.187.175.1/32", "2001:db8::1/128", "2001:db8::2/128",
            "2001:db8::3/128"), nets);
        assertEquals(List.of(443, 8443), rules.get(1).destination().ports());
    }

    @Test
    void shouldFoldIntoTheConfiguredPrefixLength() {
        List<CalicoModel.Rule> rules = rules(RenderOptions.defaults().withFolding(4, 23));
        assertEquals("54.187.174.0/23", rules.get(1).destination().nets().get(0));
        assertEquals(List.of(443, 8443), rules.get(1).destination().ports());
    }

    @Test
    void shouldNotFoldBelowTheThreshold() {
        assertEquals(7, rules(RenderOptions.defaults().withFolding(5, 24)).size() - 1);
    }
}
