package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.CandidatePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calico output parsed back into {@link CalicoModel} with unknown fields rejected. */
class CalicoRenderingTest {
    private final PolicyRenderer renderer = new PolicyRenderer(RenderOptions.defaults());

    private CalicoModel.Policy render(CandidatePolicy policy) {
        return CalicoModel.policy(renderer.render(policy).files().get("namespaces/payments/calico.yaml"));
    }

    @Test
    void shouldRenderStableStateAsEnforcedNetworkPolicy() {
        CalicoModel.Policy policy = render(Fixtures.everything("B", "stable"));
        assertEquals("NetworkPolicy", policy.kind());
        assertEquals("projectcalico.org/v3", policy.apiVersion());
        assertNull(policy.spec().stagedAction());
        assertEquals("payments-egress", policy.metadata().name());
        assertEquals("default", policy.spec().tier());
        assertEquals(List.of("Egress"), policy.spec().types());
    }

    @Test
    void shouldRenderLearningAndStabilizingStatesAsStagedPolicy() {
        for (String state : List.of("learning", "stabilizing")) {
            CalicoModel.Policy policy = render(Fixtures.everything("B", state));
            assertEquals("StagedNetworkPolicy", policy.kind());
            assertEquals("Set", policy.spec().stagedAction());
        }
    }

    @Test
    void shouldAllowDnsToKubeDnsBySelectorOnUdpAndTcp() {
        List<CalicoModel.Rule> dns = render(Fixtures.stable(rule(Fixtures.KUBE_DNS, "UDP", 53)))
            .spec().egress().subList(0, 2);
        assertEquals(List.of("UDP", "TCP"), dns.stream().map(CalicoModel.Rule::protocol).toList());
        for (CalicoModel.Rule r : dns) {
            assertEquals("projectcalico.org/name == 'kube-system'", r.destination().namespaceSelector());
            assertEquals("k8s-app == 'kube-dns'", r.destination().selector());
            assertEquals(List.of(53), r.destination().ports());
            assertNull(r.destination().nets());
        }
    }

    @Test
    void shouldSelectPodPeersByNamespaceAndLabels() {
        CalicoModel.Entity d = render(Fixtures.stable(rule(Fixtures.POSTGRES, "TCP", 5432))).spec().egress()
            .get(1).destination();
        assertEquals("projectcalico.org/name == 'billing'", d.namespaceSelector());
        assertEquals("app == 'postgres' && tier == 'db'", d.selector());
        assertEquals(List.of(5432), d.ports());
    }

    @Test
    void shouldRenderServicesWithoutPortsOneRulePerProtocol() {
        List<CalicoModel.Rule> rules = render(Fixtures.stable(rule(Fixtures.LEDGER_SERVICE, "TCP", 8443),
            rule(Fixtures.LEDGER_SERVICE, "TCP", 8080), rule(Fixtures.LEDGER_SERVICE, "UDP", 8125)))
            .spec().egress();
        List<CalicoModel.Rule> services = rules.stream().filter(r -> r.destination() != null
            && r.destination().services() != null).toList();
        assertEquals(2, services.size());
        services.forEach(r -> {
            assertEquals(new CalicoModel.Services("ledger-api", "ledger"), r.destination().services());
            assertNull(r.destination().ports());
        });
    }

    @Test
    void shouldGroupAndSortPortsPerPeerAndProtocol() {
        CalicoModel.Entity d = render(Fixtures.stable(rule(Fixtures.STRIPE, "TCP", 8443),
            rule(Fixtures.STRIPE, "TCP", 443), rule(Fixtures.STRIPE, "TCP", 80))).spec().egress().get(1)
            .destination();
        assertEquals(List.of("54.187.174.169/32"), d.nets());
        assertEquals(List.of(80, 443, 8443), d.ports());
    }

    @Test
    void shouldRenderNodesAsHostNets() {
        List<CalicoModel.Rule> rules = render(Fixtures.stable(rule(Fixtures.NODE_V4, "TCP", 10250),
            rule(Fixtures.NODE_V6, "TCP", 10250))).spec().egress();
        assertEquals(List.of("10.0.0.11/32"), rules.get(1).destination().nets());
        assertEquals(List.of("fd00:10::12/128"), rules.get(2).destination().nets());
    }

    @Test
    void shouldRenderIcmpTypesAsIcmpMatches() {
        CalicoModel.Rule r = render(Fixtures.stable(rule(Fixtures.STRIPE, "icmp", 8))).spec().egress().get(1);
        assertEquals("ICMP", r.protocol());
        assertEquals(8, r.icmp().type());
        assertNull(r.destination().ports());
    }

    @Test
    void shouldRenderUdpLiteWithoutPortsSinceCalicoAllowsPortsOnlyWithTcpUdpAndSctp() {
        List<CalicoModel.Rule> egress = render(Fixtures.stable(rule(Fixtures.STRIPE, "UDPLite", 5001),
            rule(Fixtures.STRIPE, "udplite", 5000), rule(Fixtures.STRIPE, "UDP", 5000))).spec().egress();

        CalicoModel.Rule udpLite = egress.stream().filter(r -> "UDPLite".equals(r.protocol())).findFirst().orElseThrow();
        assertEquals(List.of("54.187.174.169/32"), udpLite.destination().nets());
        assertNull(udpLite.destination().ports());
        assertEquals(2, egress.size() - 1, "one UDPLite rule for both ports, one UDP rule");
        egress.stream().filter(r -> r.destination() != null && r.destination().ports() != null)
            .forEach(r -> assertTrue(List.of("TCP", "UDP", "SCTP").contains(r.protocol()), r.toString()));
    }

    @Test
    void shouldRenderTheHighestIcmpTypeCalicoTakes() {
        CalicoModel.Rule r = render(Fixtures.stable(rule(Fixtures.STRIPE, "ICMP", 254))).spec().egress().get(1);
        assertEquals(254, r.icmp().type());
    }

    @Test
    void shouldAllowAnyIcmpTypeToTheDestinationForType255WhichCalicoRefuses() {
        List<CalicoModel.Rule> egress = render(Fixtures.stable(rule(Fixtures.STRIPE, "ICMP", 255))).spec().egress();

        CalicoModel.Rule r = egress.stream().filter(x -> "ICMP".equals(x.protocol())).findFirst().orElseThrow();
        assertNull(r.icmp());
        assertEquals(List.of("54.187.174.169/32"), r.destination().nets());
    }

    @Test
    void shouldReferToTheOwnNamespaceByItsCalicoNameLabel() {
        CalicoModel.Rule r = render(Fixtures.stable(rule(Fixtures.SAME_NAMESPACE_POD, "TCP", 9000)))
            .spec().egress().get(0);
        assertEquals("projectcalico.org/name == 'payments'", r.destination().namespaceSelector());
        assertNull(r.protocol());
        assertEquals(1, render(Fixtures.stable(rule(Fixtures.SAME_NAMESPACE_POD, "TCP", 9000))).spec().egress().size());
    }

    @Test
    void shouldListSameNamespacePeersWhenTheSameNamespaceRuleIsOff() {
        PolicyRenderer strict = new PolicyRenderer(RenderOptions.defaults().withAllowSameNamespace(false));
        CalicoModel.Policy policy = CalicoModel.policy(strict.render(
            Fixtures.stable(rule(Fixtures.SAME_NAMESPACE_POD, "TCP", 9000))).files().get("namespaces/payments/calico.yaml"));
        assertEquals(1, policy.spec().egress().size());
        assertEquals("app == 'worker'", policy.spec().egress().get(0).destination().selector());
    }

    @Test
    void shouldNeverWriteDomainsForOss() {
        String yaml = renderer.render(Fixtures.everything("B", "stable")).files().get("namespaces/payments/calico.yaml");
        assertFalse(yaml.contains("domains"));
        assertTrue(yaml.contains("nets:"));
    }
}
