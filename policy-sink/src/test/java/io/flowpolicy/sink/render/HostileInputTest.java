package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.Peer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and labels from flow data are validated; free text is escaped by the YAML emitter, never injected. */
class HostileInputTest {
    private final PolicyRenderer renderer = new PolicyRenderer(Fixtures.allFormats());

    @ParameterizedTest
    @ValueSource(strings = {"pay'ments", "payments\n  evil: true", "payments: {}", "Payments", "-payments", ""})
    void shouldRejectNamespaceThatIsNotADnsLabelNamingIt(String namespace) {
        CandidatePolicy policy = new CandidatePolicy(namespace, "B", "stable", 1, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> renderer.render(policy));
        assertTrue(e.getMessage().contains(Names.printable(namespace)), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "no raw newline in the message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x' || all() || 'y", "db\nkind: Secret", "a: b", "\"quoted\"", "with space"})
    void shouldRejectLabelValuesThatCouldBreakSelectors(String value) {
        Peer peer = Peer.pod("billing", "postgres", Map.of("app", value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> renderer.render(Fixtures.stable(rule(peer, "TCP", 5432))));
        assertTrue(e.getMessage().contains(Names.printable(value)), e.getMessage());
    }

    @Test
    void shouldRejectBadLabelKeysServiceNamesAddressesTiersAndStates() {
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.stable(
            rule(Peer.pod("billing", "db", Map.of("app: x", "y")), "TCP", 1))));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.stable(
            rule(Peer.service("ledger", "api\n- evil"), "TCP", 1))));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.stable(
            rule(Peer.external("1.2.3.4\nnets: [0.0.0.0/0]"), "TCP", 443))));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.stable(
            rule(Fixtures.STRIPE, "TCP", 70000))));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.stable(
            rule(Fixtures.STRIPE, "TCP; DROP", 443))));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.policy("A", "stable")));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(Fixtures.policy("B", "enforcing")));
    }

    @Test
    void shouldLeaveOutAFlowToPortZeroOrOfProtocolZeroInsteadOfTheWholePolicy() throws Exception {
        // The kernel logs DPT=0 and PROTO=0 as the packet carried them; no policy format can name either.
        CandidatePolicy policy = Fixtures.stable(rule(Fixtures.STRIPE, "TCP", 443),
            rule(Peer.external("192.0.2.2"), "UDP", 0), rule(Peer.external("192.0.2.14"), "0", -1));

        Map<String, String> files = renderer.render(policy).files();

        for (String format : List.of("calico", "kubernetes", "cilium")) {
            String yaml = files.get("namespaces/payments/" + format + ".yaml");
            assertTrue(yaml.contains("54.187.174.169/32"), yaml);
            assertFalse(yaml.contains("192.0.2.2/32") || yaml.contains("192.0.2.14/32"), yaml);
            String omitted = new ObjectMapper(new YAMLFactory()).readTree(yaml).at("/metadata/annotations")
                .get(RenderLabels.OMITTED).asText();
            assertTrue(omitted.contains("UDP port 0 to \"external:192.0.2.2\""), omitted);
            assertTrue(omitted.contains("protocol 0 to \"external:192.0.2.14\""), omitted);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ICMP", "ICMPv6"})
    void shouldRejectAnIcmpTypeAboveWhatAByteHoldsNamingIt(String protocol) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> renderer.render(Fixtures.stable(rule(Fixtures.STRIPE, protocol, 256))));
        assertTrue(e.getMessage().contains(protocol + " type 256"), e.getMessage());
    }

    @Test
    void shouldKeepValidLabelValuesThatLookLikeYamlKeywordsAsStrings() throws Exception {
        Map<String, String> labels = new TreeMap<>(Map.of("a", "true", "b", "null", "c", "yes", "d", "1e3",
            "e", "0755", "f", "on", "g", "0x1F", "h", ""));
        Peer peer = Peer.pod("billing", "postgres", labels);
        Map<String, String> files = renderer.render(Fixtures.stable(rule(peer, "TCP", 5432))).files();
        NetworkPolicy k8s = new ObjectMapper(new YAMLFactory()).readValue(
            files.get("namespaces/payments/kubernetes.yaml"), NetworkPolicy.class);
        assertEquals(labels, k8s.getSpec().getEgress().get(1).getTo().get(0).getPodSelector().getMatchLabels());
        CalicoModel.Rule calico = CalicoModel.policy(files.get("namespaces/payments/calico.yaml")).spec().egress().get(1);
        assertEquals("a == 'true' && b == 'null' && c == 'yes' && d == '1e3' && e == '0755' && f == 'on'"
            + " && g == '0x1F' && h == ''", calico.destination().selector());
    }

    @Test
    void shouldEscapeFreeTextOfNetworkSetsAndParseItBackUnchanged() {
        String source = "ops said: \"trust me\"\n---\nkind: Secret # 'x' {a: [b]} & *alias";
        NetworkSet set = new NetworkSet("vendor", Map.of("team", "true"), List.of("192.0.2.0/24"), source);
        PolicyRenderer withSet = new PolicyRenderer(RenderOptions.defaults().withNetworkSets(NetworkSets.of(List.of(set))));
        String yaml = withSet.renderGlobal(List.of(Fixtures.stable(rule(Peer.external("192.0.2.9"), "TCP", 443))))
            .files().get(PolicyRenderer.NETWORK_SETS_PATH);
        List<CalicoModel.NetworkSet> parsed = CalicoModel.networkSets(yaml);
        assertEquals(1, parsed.size(), yaml);
        assertEquals(source, parsed.get(0).metadata().annotations().get("flowpolicy.io/source"));
        assertEquals("true", parsed.get(0).metadata().labels().get("team"));
    }

    @Test
    void shouldQuoteSelectorValuesWithTheQuoteTheyDoNotContain() {
        assertEquals("'plain'", Names.quote("plain"));
        assertEquals("\"it's\"", Names.quote("it's"));
        assertThrows(IllegalArgumentException.class, () -> Names.quote("both ' and \""));
    }
}
