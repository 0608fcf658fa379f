package io.flowpolicy.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NameAddress;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DNS-named peers in every format, compared with golden files (see {@link Golden} to update them). */
class FqdnRenderingGoldenTest {
    private static final Instant SEEN = Instant.parse("2026-01-19T16:00:00Z");
    private static final Peer STRIPE_API = Peer.fqdn("api.stripe.com", "54.187.174.169", List.of("api.stripe.com"));
    // a name the source queried but whose address is not (or no longer) known: no flow address, no mapping
    private static final Peer UNRESOLVED = Peer.fqdn("login.example.net", null, List.of("login.example.net"));
    private static final NameAddresses ADDRESSES = NameAddresses.of(List.of(
        new NameAddress("api.stripe.com", "54.187.174.169", SEEN.minusSeconds(3600), SEEN),
        new NameAddress("api.stripe.com", "54.187.216.72", SEEN.minusSeconds(60), SEEN),
        // rotated away from more than a day before the latest sighting: no longer current
        new NameAddress("api.stripe.com", "54.241.31.99", SEEN.minusSeconds(9 * 86400), SEEN.minusSeconds(8 * 86400))));

    private static final Peer EXAMPLE_API = Peer.fqdn("api.example.com", "93.184.216.34", List.of("api.example.com"));
    private static final NameAddresses DUAL_STACK = NameAddresses.of(List.of(
        new NameAddress("api.example.com", "93.184.216.34", SEEN.minusSeconds(60), SEEN),
        new NameAddress("api.example.com", "2606:2800:220:1:248:1893:25c8:1946", SEEN.minusSeconds(60), SEEN)));

    private static CandidatePolicy withName() {
        return Fixtures.stable(Fixtures.rule(Fixtures.KUBE_DNS, "UDP", 53), Fixtures.rule(STRIPE_API, "TCP", 443),
            Fixtures.rule(Fixtures.STRIPE, "TCP", 80));
    }

    @Test
    void shouldRenderNamesAsCiliumToFqdnsWithTheDnsProxyRule() {
        assertGolden("fqdn.cilium.yaml", options(Format.CILIUM, CalicoEdition.OSS), withName());
    }

    @Test
    void shouldRenderNamesAsCalicoEnterpriseDomains() {
        assertGolden("fqdn.calico-enterprise.yaml", options(Format.CALICO, CalicoEdition.ENTERPRISE), withName());
    }

    @Test
    void shouldRenderNamesAsCurrentAddressesWithAnAnnotationForOpenSourceCalico() {
        String yaml = assertGolden("fqdn.calico.yaml", options(Format.CALICO, CalicoEdition.OSS), withName());

        assertFalse(yaml.contains("domains"), yaml);
        assertTrue(yaml.contains("api.stripe.com: 54.187.174.169/32, 54.187.216.72/32"), yaml);
    }

    @Test
    void shouldRenderNamesAsCurrentAddressesWithAnAnnotationForKubernetes() {
        assertGolden("fqdn.kubernetes.yaml", options(Format.KUBERNETES, CalicoEdition.OSS), withName());
    }

    private static CandidatePolicy withUnresolvedName() {
        return Fixtures.stable(Fixtures.rule(Fixtures.KUBE_DNS, "UDP", 53), Fixtures.rule(STRIPE_API, "TCP", 443),
            Fixtures.rule(UNRESOLVED, "TCP", 443), Fixtures.rule(UNRESOLVED, "UDP", 3478));
    }

    @Test
    void shouldLeaveOutANameWithoutKnownAddressForOpenSourceCalicoInsteadOfAllowingAllNets() {
        String yaml = assertGolden("fqdn-no-address.calico.yaml", options(Format.CALICO, CalicoEdition.OSS),
            withUnresolvedName());

        CalicoModel.Policy policy = CalicoModel.policy(yaml);
        policy.spec().egress().forEach(r -> assertTrue(r.destination() == null || r.destination().nets() == null
            || !r.destination().nets().isEmpty(), "empty nets match every destination: " + yaml));
        assertFalse(yaml.contains("nets: []"), yaml);
        assertEquals("api.stripe.com: 54.187.174.169/32, 54.187.216.72/32",
            policy.metadata().annotations().get(FqdnRules.ANNOTATION));
        String omitted = policy.metadata().annotations().get(RenderLabels.OMITTED);
        assertTrue(omitted.contains("TCP port 443 to fqdn login.example.net (no known address)"), omitted);
        assertTrue(omitted.contains("UDP port 3478 to fqdn login.example.net (no known address)"), omitted);
    }

    @Test
    void shouldLeaveOutANameWithoutKnownAddressForKubernetesInsteadOfAllowingAllDestinations() throws Exception {
        String yaml = assertGolden("fqdn-no-address.kubernetes.yaml", options(Format.KUBERNETES, CalicoEdition.OSS),
            withUnresolvedName());

        NetworkPolicy policy = new ObjectMapper(new YAMLFactory()).readValue(yaml, NetworkPolicy.class);
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertFalse(rule.getTo() != null && rule.getTo().isEmpty(), "an empty to allows everything: " + yaml);
        }
        assertFalse(yaml.contains("to: []"), yaml);
        assertEquals("api.stripe.com: 54.187.174.169/32, 54.187.216.72/32",
            policy.getMetadata().getAnnotations().get(FqdnRules.ANNOTATION));
        String omitted = policy.getMetadata().getAnnotations().get(RenderLabels.OMITTED);
        assertTrue(omitted.contains("TCP port 443 to fqdn login.example.net (no known address)"), omitted);
    }

    @Test
    void shouldWriteNoFqdnsAnnotationWhenNoNameHasAnAddress() {
        CandidatePolicy onlyUnresolved = Fixtures.stable(Fixtures.rule(UNRESOLVED, "TCP", 443));
        for (Format format : List.of(Format.CALICO, Format.KUBERNETES)) {
            String yaml = render(options(format, CalicoEdition.OSS), onlyUnresolved);

            assertFalse(yaml.contains(FqdnRules.ANNOTATION), yaml);
            assertFalse(yaml.contains("login.example.net: "), yaml);
            assertTrue(yaml.contains("TCP port 443 to fqdn login.example.net (no known address)"), yaml);
        }
    }

    @Test
    void shouldStillNameAnUnresolvedNameWhereTheFormatCanNameIt() {
        String cilium = render(options(Format.CILIUM, CalicoEdition.OSS), withUnresolvedName());
        String enterprise = render(options(Format.CALICO, CalicoEdition.ENTERPRISE), withUnresolvedName());

        assertTrue(cilium.contains("matchName: login.example.net"), cilium);
        assertTrue(enterprise.contains("- login.example.net"), enterprise);
        assertFalse(enterprise.contains(RenderLabels.OMITTED), enterprise);
    }

    @Test
    void shouldSplitANamesAddressesIntoOneOpenSourceCalicoRulePerAddressFamily() {
        CandidatePolicy policy = Fixtures.stable(Fixtures.rule(EXAMPLE_API, "TCP", 443),
            Fixtures.rule(EXAMPLE_API, "UDP", 443));
        RenderOptions options = options(Format.CALICO, CalicoEdition.OSS).withNameAddresses(DUAL_STACK);

        String yaml = assertGolden("fqdn-dual-stack.calico.yaml", options, policy);

        List<List<String>> nets = CalicoModel.policy(yaml).spec().egress().stream()
            .filter(r -> r.destination() != null && r.destination().nets() != null)
            .map(r -> r.destination().nets()).toList();
        // Calico refuses a rule whose nets mix the families ("rule contains both IPv4 and IPv6 CIDRs")
        assertEquals(List.of(List.of("93.184.216.34/32"), List.of("93.184.216.34/32"),
            List.of("2606:2800:220:1:248:1893:25c8:1946/128"), List.of("2606:2800:220:1:248:1893:25c8:1946/128")), nets);
    }

    @Test
    void shouldPairAPingOfADualStackNameOnlyWithItsIpv4Addresses() {
        CandidatePolicy policy = Fixtures.stable(Fixtures.rule(EXAMPLE_API, "ICMP", 8),
            Fixtures.rule(EXAMPLE_API, "TCP", 443));
        RenderOptions options = options(Format.CALICO, CalicoEdition.OSS).withNameAddresses(DUAL_STACK);

        List<CalicoModel.Rule> egress = CalicoModel.policy(render(options, policy)).spec().egress();

        List<List<String>> icmpNets = egress.stream().filter(r -> "ICMP".equals(r.protocol()))
            .map(r -> r.destination().nets()).toList();
        assertEquals(List.of(List.of("93.184.216.34/32")), icmpNets);
        assertEquals(2, egress.stream().filter(r -> "TCP".equals(r.protocol()) && r.destination().nets() != null)
            .count(), "TCP 443 to both families");
    }

    @Test
    void shouldKeepBothFamiliesOfANameInOneKubernetesRuleAsSeparateIpBlocks() throws Exception {
        RenderOptions options = options(Format.KUBERNETES, CalicoEdition.OSS).withNameAddresses(DUAL_STACK);

        NetworkPolicy policy = new ObjectMapper(new YAMLFactory()).readValue(
            render(options, Fixtures.stable(Fixtures.rule(EXAMPLE_API, "TCP", 443))), NetworkPolicy.class);

        NetworkPolicyEgressRule rule = policy.getSpec().getEgress().get(policy.getSpec().getEgress().size() - 1);
        assertEquals(List.of("93.184.216.34/32", "2606:2800:220:1:248:1893:25c8:1946/128"),
            rule.getTo().stream().map(p -> p.getIpBlock().getCidr()).toList());
    }

    @Test
    void shouldAddTheDnsRuleWhenANameIsAllowedEvenIfNoDnsFlowWasSeen() {
        CandidatePolicy noDnsSeen = Fixtures.stable(Fixtures.rule(STRIPE_API, "TCP", 443));

        String yaml = render(options(Format.CILIUM, CalicoEdition.OSS), noDnsSeen);

        assertTrue(yaml.contains("matchPattern: \"*\"") || yaml.contains("matchPattern: '*'"), yaml);
    }

    private static RenderOptions options(Format format, CalicoEdition edition) {
        return RenderOptions.defaults().withFormats(Set.of(format)).withEdition(edition).withNameAddresses(ADDRESSES);
    }

    private static String render(RenderOptions options, CandidatePolicy policy) {
        Format format = options.formats().iterator().next();
        return new PolicyRenderer(options).render(policy).files().get("namespaces/payments/" + format.fileName());
    }

    private static String assertGolden(String file, RenderOptions options, CandidatePolicy policy) {
        String yaml = render(options, policy);
        Golden.assertMatches(file.toLowerCase(Locale.ROOT), yaml);
        return yaml;
    }
}
