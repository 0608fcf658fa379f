package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One DNS name seen at several addresses is one destination holding all of them, in any rule order. */
class FqdnAddressMergeTest {
    private static final Peer AT_V4 = Peer.fqdn("api.example.com", "93.184.216.34", List.of("api.example.com"));
    private static final Peer AT_V6 = Peer.fqdn("api.example.com", "2606:2800:220:1::248", List.of("api.example.com"));
    private static final Peer NO_ADDRESS = Peer.fqdn("api.example.com", null, List.of("api.example.com"));

    // no name addresses: only the addresses of the rules themselves
    private final PolicyRenderer renderer = new PolicyRenderer(Fixtures.allFormats());

    @Test
    void shouldAllowEveryAddressARuleOfTheNameSawWithThePortsOfAllRulesInCalico() {
        List<CalicoModel.Rule> egress = calico(Fixtures.stable(rule(AT_V4, "TCP", 443), rule(AT_V6, "TCP", 80)))
            .spec().egress();

        List<CalicoModel.Rule> named = egress.subList(egress.size() - 2, egress.size());
        assertEquals(List.of(List.of("93.184.216.34/32"), List.of("2606:2800:220:1::248/128")),
            named.stream().map(r -> r.destination().nets()).toList());
        named.forEach(r -> assertEquals(List.of(80, 443), r.destination().ports()));
    }

    @Test
    void shouldAllowEveryAddressARuleOfTheNameSawInKubernetesAndNameThemInTheAnnotation() throws Exception {
        NetworkPolicy policy = new ObjectMapper(new YAMLFactory()).readValue(renderer.render(
                Fixtures.stable(rule(AT_V4, "TCP", 443), rule(AT_V6, "TCP", 80)))
            .files().get("namespaces/payments/kubernetes.yaml"), NetworkPolicy.class);

        NetworkPolicyEgressRule named = policy.getSpec().getEgress().get(policy.getSpec().getEgress().size() - 1);
        assertEquals(List.of("93.184.216.34/32", "2606:2800:220:1::248/128"),
            named.getTo().stream().map(p -> p.getIpBlock().getCidr()).toList());
        assertEquals(List.of(80, 443), named.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals("api.example.com: 93.184.216.34/32, 2606:2800:220:1::248/128",
            policy.getMetadata().getAnnotations().get(FqdnRules.ANNOTATION));
    }

    @Test
    void shouldRenderTheSameWhicheverRuleOfTheNameComesFirst() {
        CandidatePolicy v4First = Fixtures.stable(rule(AT_V4, "TCP", 443), rule(AT_V6, "TCP", 80));
        CandidatePolicy v6First = Fixtures.stable(rule(AT_V6, "TCP", 80), rule(AT_V4, "TCP", 443));

        assertEquals(renderer.render(v4First), renderer.render(v6First));
    }

    @Test
    void shouldNotLeaveANameOutWhenOnlyItsFirstRuleHadNoAddress() {
        List<CalicoModel.Rule> egress = calico(Fixtures.stable(rule(NO_ADDRESS, "TCP", 443), rule(AT_V4, "TCP", 443)))
            .spec().egress();

        assertEquals(List.of("93.184.216.34/32"), egress.get(egress.size() - 1).destination().nets());
    }

    private CalicoModel.Policy calico(CandidatePolicy policy) {
        return CalicoModel.policy(renderer.render(policy).files().get("namespaces/payments/calico.yaml"));
    }
}
