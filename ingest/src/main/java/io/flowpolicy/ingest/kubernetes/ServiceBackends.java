package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.flowpolicy.model.IpAddresses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which backend IP serves which Service, and on which ports, from EndpointSlices ({@code discovery.k8s.io/v1}).
 * A Service can span several slices, so the index is kept per slice. Not thread-safe: {@link InventoryState}
 * serialises access.
 */
final class ServiceBackends {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /**
     * @param allPorts the slice names no port, or a port without a number: in the API both mean traffic on any port
     */
    private record Slice(String service, Set<String> ips, Set<String> ports, boolean allPorts) {
    }

    /**
     * What an IP backs: the Services, sorted, and for those whose every slice names its ports, the target ports as
     * {@code <port>/<protocol>} (the inventory's {@code servicePorts}); a Service left out reaches it on any port.
     */
    record Backing(List<String> services, Map<String, List<String>> ports) {
        static final Backing NONE = new Backing(List.of(), Map.of());
    }

    private final Map<String, Slice> slices = new HashMap<>();
    private final Map<String, Set<String>> slicesByIp = new HashMap<>();

    /** Records the slice's current endpoints; returns every IP whose services or ports may have changed. */
    Set<String> update(EndpointSlice endpointSlice) {
        Set<String> affected = new TreeSet<>(remove(endpointSlice));
        String service = serviceOf(endpointSlice);
        if (service == null) {
            return affected;
        }
        Set<String> ports = ports(endpointSlice);
        Slice slice = new Slice(service, addresses(endpointSlice), ports, ports.isEmpty() || anyPort(endpointSlice));
        String key = keyOf(endpointSlice);
        slices.put(key, slice);
        for (String ip : slice.ips()) {
            slicesByIp.computeIfAbsent(ip, k -> new TreeSet<>()).add(key);
            affected.add(ip);
        }
        return affected;
    }

    /** Forgets the slice; returns the IPs it listed. */
    Set<String> remove(EndpointSlice endpointSlice) {
        String key = keyOf(endpointSlice);
        Slice old = slices.remove(key);
        if (old == null) {
            return Set.of();
        }
        for (String ip : old.ips()) {
            Set<String> keys = slicesByIp.get(ip);
            keys.remove(key);
            if (keys.isEmpty()) {
                slicesByIp.remove(ip);
            }
        }
        return old.ips();
    }

    /** Per Service the IP backs, its ports as {@code name:port/protocol} (name empty when the port is unnamed). */
    Map<String, Set<String>> portsOf(String ip) {
        Map<String, Set<String>> result = new TreeMap<>();
        for (String key : slicesByIp.getOrDefault(ip, Set.of())) {
            Slice slice = slices.get(key);
            result.computeIfAbsent(slice.service(), s -> new TreeSet<>()).addAll(slice.ports());
        }
        return result;
    }

    /** What the IP backs, for its inventory record. */
    Backing backingOf(String ip) {
        Map<String, Set<String>> ports = new TreeMap<>();
        Set<String> anyPort = new TreeSet<>();
        for (String key : slicesByIp.getOrDefault(ip, Set.of())) {
            Slice slice = slices.get(key);
            Set<String> servicePorts = ports.computeIfAbsent(slice.service(), s -> new TreeSet<>());
            if (slice.allPorts()) {
                anyPort.add(slice.service());
            }
            for (String port : slice.ports()) {
                servicePorts.add(port.substring(port.indexOf(':') + 1));
            }
        }
        if (ports.isEmpty()) {
            return Backing.NONE;
        }
        Map<String, List<String>> known = new TreeMap<>();
        ports.forEach((service, set) -> {
            if (!anyPort.contains(service)) {
                known.put(service, List.copyOf(set));
            }
        });
        return new Backing(List.copyOf(ports.keySet()), known);
    }

    private static String serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String name = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return name == null || name.isEmpty() ? null : slice.getMetadata().getNamespace() + "/" + name;
    }

    // Every listed endpoint counts, ready or not: membership says which Service a pod backs, and terminating
    // endpoints still receive draining traffic that shows up in flow logs.
    private static Set<String> addresses(EndpointSlice slice) {
        Set<String> ips = new TreeSet<>();
        for (Endpoint endpoint : nullToEmpty(slice.getEndpoints())) {
            for (String address : nullToEmpty(endpoint.getAddresses())) {
                IpAddresses.canonical(address).ifPresent(ips::add);
            }
        }
        return ips;
    }

    private static Set<String> ports(EndpointSlice slice) {
        Set<String> ports = new TreeSet<>();
        for (EndpointPort port : nullToEmpty(slice.getPorts())) {
            if (port.getPort() != null) {
                String name = port.getName() == null ? "" : port.getName();
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                ports.add(name + ":" + port.getPort() + "/" + protocol);
            }
        }
        return ports;
    }

    private static boolean anyPort(EndpointSlice slice) {
        return nullToEmpty(slice.getPorts()).stream().anyMatch(port -> port.getPort() == null);
    }

    private static String keyOf(EndpointSlice slice) {
        return slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
