package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceBackendsTest {
    private final ServiceBackends backends = new ServiceBackends();

    @Test
    void shouldReportChangedIpsWhenASliceLosesAnEndpoint() {
        backends.update(slice("api-1", "api", 8080, "10.244.1.5", "10.244.1.6"));

        Set<String> affected = backends.update(slice("api-1", "api", 8080, "10.244.1.6"));

        assertEquals(Set.of("10.244.1.5", "10.244.1.6"), affected);
        assertEquals(List.of(), backends.backingOf("10.244.1.5").services());
        assertEquals(List.of("shop/api"), backends.backingOf("10.244.1.6").services());
    }

    @Test
    void shouldMergePortsOfSeveralSlicesOfOneServiceAndKeepOtherServicesApart() {
        backends.update(slice("api-1", "api", 8080, "10.244.1.5"));
        backends.update(slice("api-2", "api", 9090, "10.244.1.5"));
        backends.update(slice("metrics-1", "metrics", 9100, "10.244.1.5"));

        assertEquals(Map.of("shop/api", Set.of("http:8080/TCP", "http:9090/TCP"),
            "shop/metrics", Set.of("http:9100/TCP")), backends.portsOf("10.244.1.5"));
    }

    @Test
    void shouldGiveEachServiceItsTargetPortsAsPortSlashProtocolForTheInventory() {
        backends.update(slice("api-1", "api", 8080, "10.244.1.5"));
        backends.update(slice("api-2", "api", 9090, "10.244.1.5"));
        backends.update(slice("metrics-1", "metrics", 9100, "10.244.1.5"));

        assertEquals(new ServiceBackends.Backing(List.of("shop/api", "shop/metrics"),
            Map.of("shop/api", List.of("8080/TCP", "9090/TCP"), "shop/metrics", List.of("9100/TCP"))),
            backends.backingOf("10.244.1.5"));
        assertEquals(ServiceBackends.Backing.NONE, backends.backingOf("10.244.1.6"));
    }

    @Test
    void shouldLeaveOutAServiceWhoseSliceNamesNoPortOrAPortWithoutNumber() {
        EndpointSlice noPorts = new EndpointSliceBuilder(slice("api-1", "api", 8080, "10.244.1.5")).withPorts().build();
        EndpointSlice anyPort = slice("admin-1", "admin", 8080, "10.244.1.5");
        anyPort.getPorts().get(0).setPort(null);
        backends.update(noPorts);
        backends.update(anyPort);
        backends.update(slice("metrics-1", "metrics", 9100, "10.244.1.5"));
        // One slice of a service for any port opens every port of that service, whatever its other slices say.
        backends.update(slice("admin-2", "admin", 8443, "10.244.1.5"));

        assertEquals(new ServiceBackends.Backing(List.of("shop/admin", "shop/api", "shop/metrics"),
            Map.of("shop/metrics", List.of("9100/TCP"))), backends.backingOf("10.244.1.5"));
    }

    @Test
    void shouldCanonicaliseIpv6EndpointAddresses() {
        backends.update(slice("api-v6", "api", 8080, "FD00:10:244:1:0:0:0:5"));

        assertEquals(List.of("shop/api"), backends.backingOf("fd00:10:244:1::5").services());
    }

    @Test
    void shouldIgnoreSlicesWithoutServiceNameLabel() {
        EndpointSlice custom = new EndpointSliceBuilder(slice("custom", "x", 80, "10.244.1.9"))
            .editMetadata().withLabels(Map.of()).endMetadata().build();

        assertEquals(Set.of(), backends.update(custom));
        assertEquals(List.of(), backends.backingOf("10.244.1.9").services());
    }

    private static EndpointSlice slice(String name, String service, int port, String... ips) {
        EndpointSliceBuilder builder = new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName(name)
            .withLabels(Map.of(ServiceBackends.SERVICE_NAME_LABEL, service)).endMetadata().withAddressType("IPv4")
            .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort();
        for (String ip : ips) {
            builder.addNewEndpoint().withAddresses(ip).endEndpoint();
        }
        return builder.build();
    }
}
