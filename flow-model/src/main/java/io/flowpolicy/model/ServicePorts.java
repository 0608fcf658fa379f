package io.flowpolicy.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which service a backend pod serves a flow for, from the ports each service reaches it on ({@code <port>/<protocol>}).
 * Calico logs the post-DNAT destination, so a flow to a pod that backs services is the traffic of the service whose
 * target port it hit; a port no service uses is traffic to the pod itself.
 */
public final class ServicePorts {
    private ServicePorts() {
    }

    public static boolean isValid(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return false;
        }
        try {
            int port = Integer.parseInt(text.substring(0, slash));
            return port > 0 && port <= 65_535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The service (in {@code services} order) whose ports include {@code port/protocol}; the first service when no
     * service's ports are known; empty when ports are known and none matches (the flow is to the pod itself). A
     * flow without a port ({@code port < 0}: the kernel prints none for SCTP on some versions) matches a service by
     * protocol alone.
     */
    public static Optional<String> serviceFor(List<String> services, Map<String, List<String>> portsByService,
                                              int port, String protocol) {
        if (services.isEmpty()) {
            return Optional.empty();
        }
        if (portsByService.isEmpty()) {
            return Optional.of(services.get(0));
        }
        String wanted = (port < 0 ? "" : Integer.toString(port)) + "/" + protocol.toUpperCase(Locale.ROOT);
        for (String service : services) {
            for (String known : portsByService.getOrDefault(service, List.of())) {
                String upper = known.toUpperCase(Locale.ROOT);
                if (port < 0 ? upper.endsWith(wanted) : upper.equals(wanted)) {
                    return Optional.of(service);
                }
            }
        }
        return services.stream().filter(s -> !portsByService.containsKey(s)).findFirst();
    }
}
