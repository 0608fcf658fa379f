package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A flow destination as a policy sees it.
 *
 * @param kind      {@code pod}, {@code service}, {@code node} or {@code external}
 * @param namespace the namespace of a pod or service peer
 * @param name      the workload name (pod), service name, node name; null for external peers
 * @param ip        the address of an external peer (and, for node peers, the node address seen)
 * @param labels    the peer's labels when known (pods: used for selectors); not part of its identity
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Peer(String kind, String namespace, String name, String ip, Map<String, String> labels) {
    public static final String POD = "pod";
    public static final String SERVICE = "service";
    public static final String NODE = "node";
    public static final String EXTERNAL = "external";

    public Peer {
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Peer pod(String namespace, String workloadName, Map<String, String> labels) {
        return new Peer(POD, namespace, workloadName, null, labels);
    }

    public static Peer service(String namespace, String name) {
        return new Peer(SERVICE, namespace, name, null, Map.of());
    }

    public static Peer node(String name, String ip) {
        return new Peer(NODE, null, name, ip, Map.of());
    }

    public static Peer external(String ip) {
        return new Peer(EXTERNAL, null, null, ip, Map.of());
    }

    /** The stable peer name used in reports and keys: {@code pod:<ns>/<workload>}, {@code service:<ns>/<name>},
     * {@code node:<name>}, {@code external:<ip>}. */
    @JsonIgnore
    public String id() {
        return switch (kind) {
            case POD, SERVICE -> kind + ":" + namespace + "/" + name;
            case NODE -> NODE + ":" + name;
            default -> kind + ":" + ip;
        };
    }

    @JsonIgnore
    public boolean inCluster() {
        return !EXTERNAL.equals(kind);
    }
}
