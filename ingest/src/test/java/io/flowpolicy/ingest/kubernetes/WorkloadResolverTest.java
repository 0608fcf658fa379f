package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadResolverTest {
    private final Map<String, ReplicaSet> replicaSets = Map.of(
        "shop/web-7d4b9c", new ReplicaSetBuilder().withNewMetadata().withName("web-7d4b9c")
            .withOwnerReferences(ref("Deployment", "web", true)).endMetadata().build(),
        "shop/bare", new ReplicaSetBuilder().withNewMetadata().withName("bare").endMetadata().build());
    private final Map<String, Job> jobs = Map.of(
        "shop/once", new JobBuilder().withNewMetadata().withName("once").endMetadata().build());
    private final WorkloadResolver resolver = new WorkloadResolver(replicaSets::get, jobs::get);

    @Test
    void shouldNameThePodItselfWhenItHasNoController() {
        assertEquals("Pod/debug", resolver.workloadOf(pod("debug", Map.of(), ref("ReplicaSet", "web-7d4b9c", false))));
    }

    @Test
    void shouldFollowReplicaSetToDeployment() {
        assertEquals("Deployment/web", resolver.workloadOf(pod("web-7d4b9c-x", Map.of(),
            ref("ReplicaSet", "web-7d4b9c", true))));
    }

    @Test
    void shouldNameABareReplicaSet() {
        assertEquals("ReplicaSet/bare", resolver.workloadOf(pod("bare-x", Map.of(), ref("ReplicaSet", "bare", true))));
    }

    @Test
    void shouldNameTheReplicaSetWhenItIsGoneAndTheHashDoesNotMatch() {
        assertEquals("ReplicaSet/api-5f6", resolver.workloadOf(pod("api-5f6-x",
            Map.of(WorkloadResolver.POD_TEMPLATE_HASH, "999"), ref("ReplicaSet", "api-5f6", true))));
    }

    @Test
    void shouldNameAJobWithoutCronJobOrWhenTheJobIsGone() {
        assertEquals("Job/once", resolver.workloadOf(pod("once-x", Map.of(), ref("Job", "once", true))));
        assertEquals("Job/gone", resolver.workloadOf(pod("gone-x", Map.of(), ref("Job", "gone", true))));
    }

    @Test
    void shouldNameDaemonSetDirectly() {
        assertEquals("DaemonSet/calico-node", resolver.workloadOf(pod("calico-node-x", Map.of(),
            ref("DaemonSet", "calico-node", true))));
    }

    private static Pod pod(String name, Map<String, String> labels, OwnerReference owner) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).withLabels(labels)
            .withOwnerReferences(List.of(owner)).endMetadata().build();
    }

    private static OwnerReference ref(String kind, String name, boolean controller) {
        return new OwnerReferenceBuilder().withKind(kind).withName(name).withController(controller).build();
    }
}
