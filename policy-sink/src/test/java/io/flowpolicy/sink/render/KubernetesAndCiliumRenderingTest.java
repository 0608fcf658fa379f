package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.flowpolicy.model.CandidatePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes output parsed back into fabric8's model; Cilium output into {@link CiliumModel}. */
class KubernetesAndCiliumRenderingTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final PolicyRenderer renderer = new PolicyRenderer(Fixtures.allFormats());

    private NetworkPolicy kubernetes(CandidatePolicy policy) throws Exception {
        return YAML.readValue(renderer.render(policy).files().get("namespaces/payments/kubernetes.yaml"),
            NetworkPolicy.class);
    }

    private CiliumModel.Policy cilium(CandidatePolicy policy) {
        return CiliumModel.policy(renderer.render(policy).files().get("namespaces/payments/cilium.yaml"));
    }

    @Test
    void shouldWriteOneFilePerSelectedFormat() {
        assertEquals(List.of("namespaces/payments/calico.yaml", "namespaces/payments/cilium.yaml",
                "namespaces/payments/kubernetes.yaml"),
            List.copyOf(renderer.render(Fixtures.everything("B", "stable")).files().keySet()));
    }

    @Test
    void shouldParseKubernetesPolicyIntoFabric8Model() throws Exception {
        NetworkPolicy policy = kubernetes(Fixtures.everything("B", "stable"));
        assertEquals("networking.k8s.io/v1", policy.getApiVersion());
        assertEquals("payments-egress", policy.getMetadata().getName());
        assertEquals("payments", policy.getMetadata().getNamespace());
        assertEquals(List.of("Egress"), policy.getSpec().getPolicyTypes());
        assertTrue(policy.getSpec().getPodSelector().getMatchLabels() == null
            || policy.getSpec().getPodSelector().getMatchLabels().isEmpty());

        NetworkPolicyEgressRule dns = policy.getSpec().getEgress().get(0);
        NetworkPolicyPeer kubeDns = dns.getTo().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), kubeDns.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("k8s-app", "kube-dns"), kubeDns.getPodSelector().getMatchLabels());
        assertEquals(List.of("UDP/53", "TCP/53"),
            dns.getPorts().stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList());

        NetworkPolicyPeer postgres = policy.getSpec().getEgress().get(2).getTo().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "billing"), postgres.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("app", "postgres", "tier", "db"), postgres.getPodSelector().getMatchLabels());
    }

    @Test
    void shouldRenderExternalPeersAsIpBlocksAndOmitIcmpWithAnnotation() throws Exception {
        NetworkPolicy policy = kubernetes(Fixtures.stable(rule(Fixtures.STRIPE, "TCP", 443),
            rule(Fixtures.STRIPE, "ICMP", 8), rule(Fixtures.EXTERNAL_V6, "ICMPv6", 128)));
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        NetworkPolicyEgressRule stripe = egress.get(egress.size() - 1);
        assertEquals("54.187.174.169/32", stripe.getTo().get(0).getIpBlock().getCidr());
        assertEquals(443, stripe.getPorts().get(0).getPort().getIntVal());
        // the IPv6 peer had only ICMPv6: no rule at all, since a rule without ports would allow every port
        assertEquals(2, egress.size());
        String omitted = policy.getMetadata().getAnnotations().get("flowpolicy.io/omitted");
        assertTrue(omitted.contains("ICMP type 8 to 54.187.174.169/32"), omitted);
        assertTrue(omitted.contains("ICMPv6 type 128 to 2001:db8::7/128"), omitted);
    }

    @Test
    void shouldSelectServicePeersByTheirNamespaceInKubernetes() throws Exception {
        NetworkPolicyPeer peer = kubernetes(Fixtures.stable(rule(Fixtures.LEDGER_SERVICE, "TCP", 8443)))
            .getSpec().getEgress().get(1).getTo().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "ledger"), peer.getNamespaceSelector().getMatchLabels());
        assertNull(peer.getPodSelector());
    }

    @Test
    void shouldParseCiliumPolicyIntoTypedModel() {
        CiliumModel.Policy policy = cilium(Fixtures.everything("B", "stable"));
        assertEquals("cilium.io/v2", policy.apiVersion());
        assertEquals("CiliumNetworkPolicy", policy.kind());
        CiliumModel.EgressRule dns = policy.spec().egress().get(0);
        assertEquals(Map.of("k8s:io.kubernetes.pod.namespace", "kube-system", "k8s:k8s-app", "kube-dns"),
            dns.toEndpoints().get(0).matchLabels());
        assertEquals(List.of(new CiliumModel.PortProtocol("53", "UDP"), new CiliumModel.PortProtocol("53", "TCP")),
            dns.toPorts().get(0).ports());
        assertEquals("*", dns.toPorts().get(0).rules().dns().get(0).matchPattern());
        CiliumModel.EgressRule postgres = policy.spec().egress().get(2);
        assertEquals(Map.of("k8s:io.kubernetes.pod.namespace", "billing", "k8s:app", "postgres", "k8s:tier", "db"),
            postgres.toEndpoints().get(0).matchLabels());
        assertEquals(List.of(new CiliumModel.PortProtocol("5432", "TCP")), postgres.toPorts().get(0).ports());
    }

    @Test
    void shouldRenderCiliumIcmpTypesInTheirOwnRule() {
        List<CiliumModel.EgressRule> egress = cilium(Fixtures.stable(rule(Fixtures.STRIPE, "TCP", 443),
            rule(Fixtures.STRIPE, "ICMP", 8))).spec().egress();
        CiliumModel.EgressRule ports = egress.get(egress.size() - 2);
        CiliumModel.EgressRule icmp = egress.get(egress.size() - 1);
        assertEquals(List.of("54.187.174.169/32"), ports.toCIDR());
        assertNull(ports.icmps());
        assertEquals(List.of(new CiliumModel.IcmpField("IPv4", 8)), icmp.icmps().get(0).fields());
        assertNull(icmp.toPorts());
    }

    @Test
    void shouldWriteNetworkSetCidrsInlineForKubernetesAndCilium() throws Exception {
        CandidatePolicy policy = Fixtures.stable(rule(Fixtures.CLOUDFLARE, "TCP", 443));
        List<NetworkPolicyPeer> to = kubernetes(policy).getSpec().getEgress().get(1).getTo();
        assertEquals(22, to.size());
        assertTrue(to.stream().anyMatch(p -> p.getIpBlock().getCidr().equals("104.16.0.0/13")));
        List<String> cidrs = cilium(policy).spec().egress().get(1).toCIDR();
        assertEquals(NetworkSets.defaults().sets().get(0).cidrs(), cidrs);
    }
}
