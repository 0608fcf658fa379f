package io.flowpolicy.sink.render;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The labels of a pod peer that a generated selector may use: the pod's labels without those Kubernetes controllers
 * add per rollout, per pod or per job run. What remains are the workload template's own labels, the ones the
 * inventory reference says to select by ("Use the Deployment's spec.selector/template labels for the generated
 * selector"). Service peers keep all their labels: those are the service's selector, chosen by its author.
 */
final class PodSelectorLabels {
    /**
     * Set by the controllers on the pods they create, never by the workload's author. A selector holding one matches
     * only the current rollout's pods (and nothing after the next rollout), or a single pod, or one job run; a
     * CronJob's jobs get new names and uids on every run.
     */
    static final Set<String> CONTROLLER_LABELS = Set.of(
        "pod-template-hash",                          // Deployment: the ReplicaSet of one rollout
        "controller-revision-hash",                   // StatefulSet, DaemonSet: the revision of one rollout
        "pod-template-generation",                    // DaemonSet: the template generation of one rollout
        "statefulset.kubernetes.io/pod-name",         // StatefulSet: one pod (db-0)
        "apps.kubernetes.io/pod-index",               // StatefulSet: one pod's ordinal
        "controller-uid",                             // Job: one Job object (label before Kubernetes 1.27)
        "batch.kubernetes.io/controller-uid",         // Job: one Job object
        "job-name",                                   // Job: one Job, one per CronJob run (before 1.27)
        "batch.kubernetes.io/job-name",               // Job: one Job, one per CronJob run
        "batch.kubernetes.io/job-completion-index");  // Indexed Job: one pod's index

    private PodSelectorLabels() {
    }

    /** The labels without {@link #CONTROLLER_LABELS}; empty when the pod has no others (then: its whole namespace). */
    static SortedMap<String, String> of(SortedMap<String, String> podLabels) {
        SortedMap<String, String> kept = new TreeMap<>(podLabels);
        kept.keySet().removeAll(CONTROLLER_LABELS);
        return kept;
    }
}
