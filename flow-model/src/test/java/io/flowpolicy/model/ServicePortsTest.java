package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
    private static final List<String> SERVICES = List.of("telecom/diameter", "telecom/metrics");
    private static final Map<String, List<String>> PORTS =
        Map.of("telecom/diameter", List.of("3868/SCTP"), "telecom/metrics", List.of("9090/TCP"));

    @Test
    void shouldNameTheServiceWhosePortAndProtocolTheFlowHit() {
        assertEquals(Optional.of("telecom/diameter"), ServicePorts.serviceFor(SERVICES, PORTS, 3868, "SCTP"));
        assertEquals(Optional.of("telecom/metrics"), ServicePorts.serviceFor(SERVICES, PORTS, 9090, "tcp"));
        assertEquals(Optional.empty(), ServicePorts.serviceFor(SERVICES, PORTS, 3868, "TCP"));
    }

    @Test
    void shouldMatchAFlowWithoutAPortByProtocolAlone() {
        assertEquals(Optional.of("telecom/diameter"), ServicePorts.serviceFor(SERVICES, PORTS, -1, "SCTP"));
        assertEquals(Optional.empty(), ServicePorts.serviceFor(SERVICES, PORTS, -1, "ICMP"));
    }
}
