package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Pure mapping from a Pod, Service or Node to the IP ownership it currently holds (records with {@code to == null}). */
final class OwnershipMapper {
    private static final Set<String> OWNING_PHASES = Set.of("Pending", "Running");
    private static final Set<String> NODE_ADDRESS_TYPES = Set.of("InternalIP", "ExternalIP");

    private OwnershipMapper() {
    }

    /**
     * The pod's records, one per IP family. Empty for hostNetwork pods (their IP is the node's), for pods past
     * Running (the CNI has released the IP though the API still shows it) and for pods being deleted.
     */
    static List<InventoryRecord> podRecords(Pod pod, String workload,
                                            Function<String, ServiceBackends.Backing> backingOf, Instant from) {
        if (!ownsIps(pod)) {
            return List.of();
        }
        List<InventoryRecord> records = new ArrayList<>();
        for (String ip : podIps(pod.getStatus())) {
            ServiceBackends.Backing backing = backingOf.apply(ip);
            records.add(new InventoryRecord(ip, "pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                workload, pod.getMetadata().getLabels(), pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                backing.services(), from, null, backing.ports()));
        }
        return records;
    }

    static boolean ownsIps(Pod pod) {
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        return !hostNetwork
            && pod.getMetadata().getDeletionTimestamp() == null
            && pod.getStatus() != null
            && OWNING_PHASES.contains(pod.getStatus().getPhase());
    }

    /** Canonical IPs from {@code status.podIPs}, falling back to {@code status.podIP} for old API servers. */
    static List<String> podIps(PodStatus status) {
        Set<String> ips = new LinkedHashSet<>();
        if (status.getPodIPs() != null) {
            for (PodIP podIp : status.getPodIPs()) {
                IpAddresses.canonical(podIp.getIp()).ifPresent(ips::add);
            }
        }
        if (ips.isEmpty()) {
            IpAddresses.canonical(status.getPodIP()).ifPresent(ips::add);
        }
        return List.copyOf(ips);
    }

    /** The pod's {@code status.startTime}, when present and parseable. */
    static Optional<Instant> startTime(Pod pod) {
        return instant(pod.getStatus() == null ? null : pod.getStatus().getStartTime());
    }

    /** The object's {@code metadata.creationTimestamp}, when present and parseable. */
    static Optional<Instant> creationTime(HasMetadata object) {
        return instant(object.getMetadata() == null ? null : object.getMetadata().getCreationTimestamp());
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One record per ClusterIP; headless ({@code None}) and ExternalName services own none. */
    static List<InventoryRecord> serviceRecords(Service service, Instant from) {
        if (service.getSpec() == null) {
            return List.of();
        }
        Set<String> ips = new LinkedHashSet<>();
        if (service.getSpec().getClusterIPs() != null) {
            service.getSpec().getClusterIPs().forEach(ip -> IpAddresses.canonical(ip).ifPresent(ips::add));
        }
        if (ips.isEmpty()) {
            IpAddresses.canonical(service.getSpec().getClusterIP()).ifPresent(ips::add);
        }
        List<InventoryRecord> records = new ArrayList<>();
        for (String ip : ips) {
            records.add(new InventoryRecord(ip, "service", service.getMetadata().getNamespace(),
                service.getMetadata().getName(), null, service.getMetadata().getLabels(), null, null, from, null));
        }
        return records;
    }

    /** One record per InternalIP/ExternalIP; hostNetwork pods on the node are covered by these. */
    static List<InventoryRecord> nodeRecords(Node node, Instant from) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return List.of();
        }
        Set<String> ips = new LinkedHashSet<>();
        for (NodeAddress address : node.getStatus().getAddresses()) {
            if (NODE_ADDRESS_TYPES.contains(address.getType())) {
                IpAddresses.canonical(address.getAddress()).ifPresent(ips::add);
            }
        }
        String name = node.getMetadata().getName();
        List<InventoryRecord> records = new ArrayList<>();
        for (String ip : ips) {
            records.add(new InventoryRecord(ip, "node", null, name, null, node.getMetadata().getLabels(), name,
                null, from, null));
        }
        return records;
    }
}
