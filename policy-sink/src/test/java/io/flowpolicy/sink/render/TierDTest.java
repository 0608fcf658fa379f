package io.flowpolicy.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tier D namespaces get no allowlist of destinations, in both modes. */
class TierDTest {

    private static Map<String, String> render(TierDPolicy mode) {
        return new PolicyRenderer(Fixtures.allFormats().withTierD(mode))
            .render(Fixtures.everything("D", "stable")).files();
    }

    @Test
    void shouldLogThenAllowEverythingByDefault() {
        Map<String, String> files = render(TierDPolicy.LOG_ALLOW);
        CalicoModel.Policy calico = CalicoModel.policy(files.get("namespaces/payments/calico.yaml"));
        assertEquals(List.of("Log", "Allow"), calico.spec().egress().stream().map(CalicoModel.Rule::action).toList());
        assertTrue(calico.spec().egress().stream().allMatch(r -> r.destination() == null && r.protocol() == null));
        CiliumModel.Policy cilium = CiliumModel.policy(files.get("namespaces/payments/cilium.yaml"));
        assertEquals(List.of("all"), cilium.spec().egress().get(0).toEntities());
    }

    @Test
    void shouldAllowAllEgressInKubernetesAndSayThatLoggingIsMissing() throws Exception {
        NetworkPolicy k8s = new ObjectMapper(new YAMLFactory()).readValue(
            render(TierDPolicy.LOG_ALLOW).get("namespaces/payments/kubernetes.yaml"), NetworkPolicy.class);
        assertEquals(1, k8s.getSpec().getEgress().size());
        NetworkPolicyEgressRule all = k8s.getSpec().getEgress().get(0);
        assertTrue(all.getTo().isEmpty() && all.getPorts().isEmpty());
        assertTrue(k8s.getMetadata().getAnnotations().get("flowpolicy.io/omitted").contains("Log"));
    }

    @Test
    void shouldAllowObservedPortsToAnyDestinationInPortOnlyMode() {
        Map<String, String> files = render(TierDPolicy.PORT_ONLY);
        List<CalicoModel.Rule> rules = CalicoModel.policy(files.get("namespaces/payments/calico.yaml")).spec().egress();
        CalicoModel.Rule tcp = rules.stream().filter(r -> "TCP".equals(r.protocol())
            && r.destination().selector() == null).findFirst().orElseThrow();
        assertNull(tcp.destination().nets());
        assertNull(tcp.destination().namespaceSelector());
        assertEquals(List.of(443, 5432, 8080, 8443, 9000, 10250), tcp.destination().ports());
        assertTrue(rules.stream().noneMatch(r -> r.destination() != null && r.destination().nets() != null));

        CiliumModel.Policy cilium = CiliumModel.policy(files.get("namespaces/payments/cilium.yaml"));
        CiliumModel.EgressRule any = cilium.spec().egress().get(2);
        assertEquals(List.of("all"), any.toEntities());
        assertEquals(7, any.toPorts().get(0).ports().size());
    }
}
