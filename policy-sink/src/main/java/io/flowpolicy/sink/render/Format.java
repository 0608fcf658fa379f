package io.flowpolicy.sink.render;

/** A policy dialect the renderer can write; each selected format yields one file per namespace. */
public enum Format {
    /** Calico {@code projectcalico.org/v3} NetworkPolicy / StagedNetworkPolicy, file {@code calico.yaml}. */
    CALICO("calico.yaml"),
    /** Kubernetes {@code networking.k8s.io/v1} NetworkPolicy, file {@code kubernetes.yaml}. */
    KUBERNETES("kubernetes.yaml"),
    /** Cilium {@code cilium.io/v2} CiliumNetworkPolicy, file {@code cilium.yaml}. */
    CILIUM("cilium.yaml");

    private final String fileName;

    Format(String fileName) {
        this.fileName = fileName;
    }

    /** The file name under {@code namespaces/<ns>/}. */
    public String fileName() {
        return fileName;
    }
}
