package io.flowpolicy.streams.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.NameAddress;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology with DNS naming, resolving against a real dnsmasq on loopback. */
class DnsNamingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String POD_IP = "10.244.1.5";

    @TempDir
    static Path work;
    @TempDir
    Path stateDir;
    private static Dnsmasq dnsmasq;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        // api.example.com sits behind a load balancer whose addresses rotate: the pod connects to a different one
        // each time. Nobody queries for 198.51.100.7.
        dnsmasq = Dnsmasq.start(work, List.of("99.83.136.103 api.example.com", "99.83.136.104 api.example.com",
            "99.83.136.105 api.example.com", "198.51.100.7 mail.example.org"), List.of());
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        dnsmasq.close();
    }

    @Test
    void shouldMakeRotatingAddressesOfOneQueriedNameOneFqdnPeerWithOneNewDestinationEvent() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            harness.flow(T0.plusSeconds(1), POD_IP, "99.83.136.103", "TCP", 443);
            harness.flow(T0.plusSeconds(90), POD_IP, "99.83.136.104", "TCP", 443);
            query(harness, T0.plus(Duration.ofHours(2)), POD_IP, "api.example.com");
            harness.flow(T0.plus(Duration.ofHours(2)).plusSeconds(3), POD_IP, "99.83.136.105", "TCP", 443);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            assertEquals(List.of("fqdn:api.example.com"), events.stream().map(e -> e.peer().id()).toList());
        }
    }

    @Test
    void shouldNameAFlowByItsQueryWhenTheSamePodQueriedTheNameAgainLaterAndThatWasSeenFirst() throws Exception {
        // analyze and backfills publish every query before the flows: the naming step sees all of a pod's queries
        // of a name (a day apart, an hour apart, and one before the first) before the flows they preceded.
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            query(harness, T0.plus(Duration.ofDays(1)), POD_IP, "api.example.com");
            query(harness, T0.plus(Duration.ofHours(1)), POD_IP, "api.example.com");
            query(harness, T0.minus(Duration.ofHours(1)), POD_IP, "api.example.com");
            harness.flow(T0.minus(Duration.ofHours(1)).plusSeconds(1), POD_IP, "99.83.136.103", "TCP", 443);
            harness.flow(T0.plusSeconds(3), POD_IP, "99.83.136.104", "TCP", 443);
            harness.flow(T0.plus(Duration.ofHours(1)).plusSeconds(3), POD_IP, "99.83.136.105", "TCP", 443);
            harness.flow(T0.plus(Duration.ofDays(1)).plusSeconds(3), POD_IP, "99.83.136.103", "TCP", 443);
            harness.flow(T0.plus(Duration.ofHours(3)), POD_IP, "99.83.136.104", "TCP", 443);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            // The flow three hours in had no query within the window before it.
            assertEquals(List.of("fqdn:api.example.com", "external:99.83.136.104"),
                events.stream().map(e -> e.peer().id()).toList());
        }
    }

    @Test
    void shouldKeepAnAddressNobodyQueriedExternal() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            harness.flow(T0.plusSeconds(1), POD_IP, "198.51.100.7", "TCP", 25);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            assertEquals(List.of("external:198.51.100.7"), events.stream().map(e -> e.peer().id()).toList());
        }
    }

    @Test
    void shouldNotNameAFlowLongerThanTheWindowAfterTheQuery() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            harness.flow(T0.plus(DnsSettings.DEFAULT_WINDOW).plusSeconds(1), POD_IP, "99.83.136.103", "TCP", 443);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            assertEquals(List.of("external:99.83.136.103"), events.stream().map(e -> e.peer().id()).toList());
        }
    }

    @Test
    void shouldNotLendOnePodsQueryToAnotherPod() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            harness.pod("10.244.2.9", "shop", "worker", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            harness.flow(T0.plusSeconds(1), "10.244.2.9", "99.83.136.103", "TCP", 443);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            assertEquals(List.of("external:99.83.136.103"), events.stream().map(e -> e.peer().id()).toList());
        }
    }

    @Test
    void shouldKeepTheAddressIdentityByDefaultAndCarryTheNames() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.IP)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            harness.flow(T0.plusSeconds(1), POD_IP, "99.83.136.103", "TCP", 443);

            List<NewDestination> events = harness.output(Topics.NEW_DESTINATIONS).readValuesToList();

            assertEquals(1, events.size());
            assertEquals("external:99.83.136.103", events.get(0).peer().id());
            assertEquals(List.of("api.example.com"), events.get(0).peer().names());
        }
    }

    @Test
    void shouldRecordEveryNameToAddressMappingWithItsTimeRange() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            query(harness, T0, POD_IP, "api.example.com");
            query(harness, T0.plusSeconds(600), POD_IP, "api.example.com");

            Map<String, NameAddress> names = harness.latest(Topics.DNS_NAMES);

            assertEquals(new NameAddress("api.example.com", "99.83.136.104", T0, T0.plusSeconds(600)),
                names.get("api.example.com|99.83.136.104"));
            assertEquals(3, names.size());
        }
    }

    @Test
    void shouldHintThePtrNameOfAnUnnamedPeerWithoutMakingItTheIdentity() throws Exception {
        try (TopologyHarness harness = harness(PeerIdentity.FQDN, true)) {
            harness.pod(POD_IP, "shop", "web", List.of());
            harness.flow(T0.plusSeconds(1), POD_IP, "198.51.100.7", "TCP", 25);

            List<EnrichedFlow> flows = List.copyOf(harness.output(Topics.NEW_DESTINATIONS).readValuesToList().stream()
                .map(e -> new EnrichedFlow(0, null, e.namespace(), null, null, e.peer(), e.protocol(), e.port(), null))
                .toList());

            assertEquals("external:198.51.100.7", flows.get(0).peer().id());
            assertEquals("mail.example.org", flows.get(0).peer().hint());
        }
    }

    private TopologyHarness harness(PeerIdentity identity) throws Exception {
        return harness(identity, false);
    }

    private TopologyHarness harness(PeerIdentity identity, boolean ptr) throws Exception {
        DnsSettings dns = DnsSettings.against(dnsmasq.address()).withIdentity(identity).withPtrHints(ptr);
        return new TopologyHarness(TopologySettings.defaults().withDns(dns), Files.createDirectories(stateDir));
    }

    private static void query(TopologyHarness harness, Instant at, String client, String name) {
        String line = "[INFO] " + client + ":45678 - 1234 \"A IN " + name + ". udp 45 false 512\" NOERROR qr,rd,ra 80 "
            + "0.00123s";
        harness.input(Topics.DNS_QUERIES).pipeInput("node-2",
            new RawLine(Long.toString(Timestamps.toNanos(at)), Map.of("host", "node-2"), line), at);
    }
}
