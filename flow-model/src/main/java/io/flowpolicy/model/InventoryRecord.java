package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One IP ownership interval: which pod, service or node held an IP from {@code from} until {@code to}.
 *
 * @param ip        the address, canonical form (see {@link IpAddresses#canonical})
 * @param kind      {@code pod}, {@code service} (a ClusterIP) or {@code node}
 * @param namespace the namespace (null for nodes)
 * @param name      the pod, service or node name
 * @param workload  for pods, {@code Kind/name} of the controlling workload (e.g. {@code Deployment/affine})
 * @param labels    the object's labels (pods: used to build selectors)
 * @param node      for pods, the node they run on
 * @param services  for pods, the {@code namespace/name} of every service they back
 * @param from      start of ownership, inclusive
 * @param to        end of ownership, exclusive; null while still owned
 * @param servicePorts for pods, when known (EndpointSlices list them): per backed service {@code namespace/name},
 *                  the target ports it reaches the pod on, as {@code <port>/<protocol>} (e.g. {@code 53/UDP})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryRecord(String ip, String kind, String namespace, String name, String workload,
                              Map<String, String> labels, String node, List<String> services,
                              Instant from, Instant to,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> servicePorts) {
    public static final List<String> KINDS = List.of("pod", "service", "node");

    public InventoryRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        services = services == null ? List.of() : List.copyOf(services);
        servicePorts = servicePorts == null ? Map.of() : Map.copyOf(servicePorts);
    }

    /** An interval without service port information. */
    public InventoryRecord(String ip, String kind, String namespace, String name, String workload,
                           Map<String, String> labels, String node, List<String> services, Instant from, Instant to) {
        this(ip, kind, namespace, name, workload, labels, node, services, from, to, Map.of());
    }

    /** Whether this record owned its IP at the given instant. */
    public boolean ownedAt(Instant at) {
        return !at.isBefore(from) && (to == null || at.isBefore(to));
    }

    /** The key of this interval on the inventory topic: the IP and the owner, so compaction keeps history. */
    public String topicKey() {
        return ip + "|" + kind + "|" + (namespace == null ? "" : namespace) + "|" + name + "|" + from;
    }

    /** The workload's short name: {@code affine} for {@code Deployment/affine}, the pod name when unknown. */
    public String workloadName() {
        if (workload == null || workload.isBlank()) {
            return name;
        }
        int slash = workload.indexOf('/');
        return slash < 0 ? workload : workload.substring(slash + 1);
    }
}
