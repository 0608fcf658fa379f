package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.Peer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Pod selectors leave out the labels controllers add per rollout, pod or job run, in every format. */
class PodSelectorLabelsTest {
    private final PolicyRenderer renderer = new PolicyRenderer(Fixtures.allFormats());

    private Map<String, String> files(CandidatePolicy policy) {
        return renderer.render(policy).files();
    }

    @Test
    void shouldSelectDeploymentPodsByTheirTemplateLabelsNotTheRolloutHash() throws Exception {
        Map<String, String> files = files(Fixtures.stable(rule(Fixtures.DEPLOYMENT_POD, "TCP", 8080)));

        CalicoModel.Rule calico = CalicoModel.policy(files.get("namespaces/payments/calico.yaml")).spec().egress().get(1);
        assertEquals("app == 'api'", calico.destination().selector());
        NetworkPolicyPeer k8s = kubernetes(files).getSpec().getEgress().get(1).getTo().get(0);
        assertEquals(Map.of("app", "api"), k8s.getPodSelector().getMatchLabels());
        CiliumModel.EgressRule cilium = CiliumModel.policy(files.get("namespaces/payments/cilium.yaml"))
            .spec().egress().get(1);
        assertEquals(Map.of("k8s:io.kubernetes.pod.namespace", "orders", "k8s:app", "api"),
            cilium.toEndpoints().get(0).matchLabels());
    }

    @Test
    void shouldSelectStatefulSetPodsByTheirTemplateLabelsNotTheRevisionOrPodName() {
        CalicoModel.Rule calico = CalicoModel.policy(files(Fixtures.stable(rule(Fixtures.STATEFUL_SET_POD, "TCP", 5432)))
            .get("namespaces/payments/calico.yaml")).spec().egress().get(1);

        assertEquals("app == 'db'", calico.destination().selector());
    }

    @Test
    void shouldSelectTheWholeNamespaceWhenAPodHasOnlyControllerLabels() throws Exception {
        Map<String, String> files = files(Fixtures.stable(rule(Fixtures.CRON_JOB_POD, "TCP", 9000)));

        CalicoModel.Entity calico = CalicoModel.policy(files.get("namespaces/payments/calico.yaml")).spec().egress()
            .get(1).destination();
        assertEquals("projectcalico.org/name == 'reports'", calico.namespaceSelector());
        assertNull(calico.selector());
        NetworkPolicyPeer k8s = kubernetes(files).getSpec().getEgress().get(1).getTo().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "reports"), k8s.getNamespaceSelector().getMatchLabels());
        assertNull(k8s.getPodSelector());
        assertEquals(Map.of("k8s:io.kubernetes.pod.namespace", "reports"),
            CiliumModel.policy(files.get("namespaces/payments/cilium.yaml")).spec().egress().get(1)
                .toEndpoints().get(0).matchLabels());
    }

    @Test
    void shouldMergePodsOfTwoRolloutsOfOneDeploymentIntoOneDestination() {
        Peer nextRollout = Peer.pod("orders", "api", Map.of("app", "api", "pod-template-hash", "5b8c7f6d9"));
        List<CalicoModel.Rule> egress = CalicoModel.policy(files(Fixtures.stable(
            rule(Fixtures.DEPLOYMENT_POD, "TCP", 8080), rule(nextRollout, "TCP", 8443)))
            .get("namespaces/payments/calico.yaml")).spec().egress();

        assertEquals(2, egress.size());
        assertEquals("app == 'api'", egress.get(1).destination().selector());
        assertEquals(List.of(8080, 8443), egress.get(1).destination().ports());
    }

    @Test
    void shouldKeepEveryOtherLabelAndLeaveTheInputUntouched() {
        TreeMap<String, String> labels = new TreeMap<>(Map.of("app", "db", "tier", "data",
            "statefulset.kubernetes.io/pod-name", "db-0", "pod-template-hash", "x"));

        assertEquals(Map.of("app", "db", "tier", "data"), PodSelectorLabels.of(labels));
        assertEquals(4, labels.size());
    }

    private static NetworkPolicy kubernetes(Map<String, String> files) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(files.get("namespaces/payments/kubernetes.yaml"),
            NetworkPolicy.class);
    }
}
