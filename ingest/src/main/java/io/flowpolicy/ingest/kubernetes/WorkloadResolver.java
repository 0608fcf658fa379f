package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Names the workload that controls a pod, as {@code Kind/name}: Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob, or the direct controller (StatefulSet, DaemonSet, ...); {@code Pod/<name>} when the
 * pod has no controller. Intermediate objects are looked up by {@code namespace/name} through the given
 * functions (informer stores in production), which return null when the object is unknown.
 */
final class WorkloadResolver {
    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final Function<String, ReplicaSet> replicaSets;
    private final Function<String, Job> jobs;

    WorkloadResolver(Function<String, ReplicaSet> replicaSets, Function<String, Job> jobs) {
        this.replicaSets = replicaSets;
        this.jobs = jobs;
    }

    String workloadOf(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Optional<OwnerReference> owner = controllerOf(pod);
        if (owner.isEmpty()) {
            return "Pod/" + pod.getMetadata().getName();
        }
        String kind = owner.get().getKind();
        String name = owner.get().getName();
        if ("ReplicaSet".equals(kind)) {
            return ofReplicaSet(namespace, name, pod.getMetadata().getLabels());
        }
        if ("Job".equals(kind)) {
            return parentOr(jobs.apply(namespace + "/" + name), "CronJob", "Job/" + name);
        }
        return kind + "/" + name;
    }

    private String ofReplicaSet(String namespace, String name, Map<String, String> podLabels) {
        ReplicaSet rs = replicaSets.apply(namespace + "/" + name);
        if (rs != null) {
            return parentOr(rs, "Deployment", "ReplicaSet/" + name);
        }
        // The ReplicaSet can be gone (scaled-down old revision, informer not caught up); the Deployment
        // controller names it <deployment>-<pod-template-hash>, and the pod carries that hash as a label.
        String hash = podLabels == null ? null : podLabels.get(POD_TEMPLATE_HASH);
        if (hash != null && !hash.isEmpty() && name.endsWith("-" + hash)) {
            return "Deployment/" + name.substring(0, name.length() - hash.length() - 1);
        }
        return "ReplicaSet/" + name;
    }

    private static String parentOr(HasMetadata child, String parentKind, String fallback) {
        if (child == null) {
            return fallback;
        }
        return controllerOf(child)
            .filter(ref -> parentKind.equals(ref.getKind()))
            .map(ref -> parentKind + "/" + ref.getName())
            .orElse(fallback);
    }

    private static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst();
    }
}
