package io.flowpolicy.sink.render;

/** Label and annotation keys this renderer writes, named once. */
final class RenderLabels {
    static final String SET = "flowpolicy.io/set";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "flowpolicy";
    static final String TIER = "flowpolicy.io/tier";
    static final String STATE = "flowpolicy.io/state";
    static final String SOURCE = "flowpolicy.io/source";
    static final String OMITTED = "flowpolicy.io/omitted";
    static final String CALICO_NAME = "projectcalico.org/name";
    static final String K8S_NAMESPACE_NAME = "kubernetes.io/metadata.name";
    static final String CILIUM_NAMESPACE = "k8s:io.kubernetes.pod.namespace";

    private RenderLabels() {
    }
}
