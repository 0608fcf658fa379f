package io.flowpolicy.local.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.parse.ParseResult;
import io.flowpolicy.streams.parse.ParsedFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataSetTest {
    private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
    private static final SyntheticDataSet SMALL = new SyntheticDataSet(42, END, 8, 40);
    private static final CalicoLineParser PARSER = new CalicoLineParser();

    @TempDir
    static Path dir;
    private static GeneratedData data;
    private static List<Attributed> attributed;

    @BeforeAll
    static void generate() throws Exception {
        SMALL.writeTo(dir.resolve("a"));
        data = GeneratedData.read(dir.resolve("a"));
        attributed = new ArrayList<>();
        for (GeneratedData.Flow flow : data.flows()) {
            if (PARSER.parse(flow.line()) instanceof ParseResult.Parsed parsed) {
                attributed.add(attribute(flow, parsed.flow()));
            }
        }
    }

    @Test
    void shouldWriteIdenticalFilesForTheSameSeed() throws Exception {
        SMALL.writeTo(dir.resolve("b"));
        new SyntheticDataSet(43, END, 8, 40).writeTo(dir.resolve("c"));
        for (String file : List.of(SyntheticDataSet.FLOWS, SyntheticDataSet.INVENTORY)) {
            assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(file), dir.resolve("b").resolve(file)), file);
        }
        assertTrue(Files.mismatch(dir.resolve("a").resolve(SyntheticDataSet.FLOWS),
            dir.resolve("c").resolve(SyntheticDataSet.FLOWS)) >= 0, "another seed gives other lines");
    }

    @Test
    void shouldWriteLinesTheProjectParserAcceptsExceptTheDeliberatelyMalformedOnes() {
        List<String> rejected = data.flows().stream().map(GeneratedData.Flow::line)
            .filter(line -> PARSER.parse(line) instanceof ParseResult.Rejected).toList();
        assertEquals(SyntheticDataSet.MALFORMED_LINES, rejected.size(), () -> "rejected: " + rejected);
        assertTrue(data.flows().size() > 2000, "a few thousand lines at rate 40 over 8 days: " + data.flows().size());
    }

    @Test
    void shouldKeepLinesInTimeOrderInsideTheRange() {
        long previous = Long.MIN_VALUE;
        for (GeneratedData.Flow flow : data.flows()) {
            assertTrue(flow.tsNanos() >= previous, "out of order at " + flow);
            assertTrue(!flow.instant().isBefore(SMALL.start()) && flow.instant().isBefore(END), "outside: " + flow);
            assertEquals(0, flow.tsNanos() % 1000, "journald stamps whole microseconds");
            previous = flow.tsNanos();
        }
    }

    @Test
    void shouldReproduceTheSnapshotPeerCountsOfEveryNamespace() {
        Map<String, Map<String, Set<String>>> peers = new TreeMap<>();
        for (Attributed a : attributed) {
            peers.computeIfAbsent(a.namespace, n -> new HashMap<>())
                .computeIfAbsent(a.peer.substring(0, a.peer.indexOf(':')), k -> new HashSet<>()).add(a.peer);
        }
        for (NamespaceShape shape : NamespaceShape.SNAPSHOT) {
            Map<String, Set<String>> byKind = peers.getOrDefault(shape.namespace(), Map.of());
            assertEquals(shape, new NamespaceShape(shape.namespace(), size(byKind, "pod"), size(byKind, "service"),
                size(byKind, "external")), () -> shape.namespace() + ": " + byKind);
            assertEquals(0, size(byKind, "node"), shape.namespace());
        }
        assertEquals(NamespaceShape.SNAPSHOT.size(), peers.size(), "no flow from outside the snapshot's namespaces");
    }

    @Test
    void shouldNameTheSourceInterfaceAsFelixDoesForThePodOwningTheIpAtThatTime() {
        for (Attributed a : attributed) {
            assertEquals(AddressBook.caliInterface(a.namespace, a.pod), a.inInterface, a.line);
            assertTrue(a.line.contains(" MAC=ee:ee:ee:ee:ee:ee:"), a.line);
        }
    }

    @Test
    void shouldSendDnsToCoreDnsPodsAndUseIpv6IcmpAndUdp() {
        Set<String> dnsTargets = new HashSet<>();
        int ipv6 = 0;
        int icmp = 0;
        int udpWithLength = 0;
        for (Attributed a : attributed) {
            if (a.peer.equals(ClusterPlanner.DNS_PEER)) {
                InventoryRecord owner = data.ownerAt(a.dstIp, a.at);
                assertEquals("pod", owner.kind(), "post-DNAT: DNS goes to a CoreDNS pod, not the ClusterIP");
                dnsTargets.add(owner.name());
            }
            ipv6 += a.line.contains(" HOPLIMIT=") ? 1 : 0;
            icmp += a.line.contains("PROTO=ICMP TYPE=8 CODE=0 ID=") ? 1 : 0;
            udpWithLength += a.line.matches(".* PROTO=UDP SPT=\\d+ DPT=\\d+ LEN=\\d+ $") ? 1 : 0;
        }
        assertEquals(2, dnsTargets.size(), "both CoreDNS replicas: " + dnsTargets);
        assertTrue(ipv6 > 0 && icmp > 0 && udpWithLength > 0, ipv6 + " " + icmp + " " + udpWithLength);
    }

    @Test
    void shouldHandAPodIpToAnotherNamespaceMidRange() {
        Map<String, Set<String>> namespacesBySourceIp = new HashMap<>();
        for (Attributed a : attributed) {
            namespacesBySourceIp.computeIfAbsent(a.srcIp, ip -> new HashSet<>()).add(a.namespace);
        }
        assertTrue(namespacesBySourceIp.values().stream()
                .anyMatch(s -> s.equals(Set.of(ClusterPlanner.OWNER_CHANGE_FROM, ClusterPlanner.OWNER_CHANGE_TO))),
            "one source IP sends for status-page, then for tandoor");
    }

    @Test
    void shouldFirstUseSomeDestinationsAfterTheLearningDay() {
        Map<String, Instant> namespaceStart = new HashMap<>();
        Map<String, Instant> peerStart = new HashMap<>();
        for (Attributed a : attributed) {
            namespaceStart.merge(a.namespace, a.at, (x, y) -> x.isBefore(y) ? x : y);
            peerStart.merge(a.namespace + " " + a.peer, a.at, (x, y) -> x.isBefore(y) ? x : y);
        }
        List<String> late = peerStart.entrySet().stream().filter(e -> {
            Instant nsStart = namespaceStart.get(e.getKey().split(" ")[0]).truncatedTo(ChronoUnit.DAYS);
            return ChronoUnit.DAYS.between(nsStart, e.getValue().truncatedTo(ChronoUnit.DAYS)) >= 1;
        }).map(Map.Entry::getKey).toList();
        assertTrue(late.size() >= 4, "late destinations: " + late);
        assertFalse(late.stream().anyMatch(k -> k.contains(ClusterPlanner.DNS_PEER)), "DNS is used from day one");
    }

    private static int size(Map<String, Set<String>> byKind, String kind) {
        return byKind.getOrDefault(kind, Set.of()).size();
    }

    /** Attribution as the pipeline does it, written independently: owners as of the line's own time. */
    private static Attributed attribute(GeneratedData.Flow flow, ParsedFlow parsed) {
        Instant at = flow.instant();
        InventoryRecord source = data.ownerAt(parsed.srcIp(), at);
        assertNotNull(source, () -> "no owner of the source at " + at + ": " + flow.line());
        assertEquals("pod", source.kind(), flow.line());
        assertEquals(source.node(), flow.host(), "the host label is the source pod's node");
        InventoryRecord dst = data.ownerAt(parsed.dstIp(), at);
        String peer;
        if (dst == null) {
            peer = "external:" + parsed.dstIp();
        } else if (dst.kind().equals("pod") && !dst.services().isEmpty()) {
            peer = "service:" + dst.services().get(0);
        } else {
            peer = dst.kind() + ":" + dst.namespace() + "/" + dst.workloadName();
        }
        return new Attributed(source.namespace(), source.name(), parsed.inInterface(), parsed.srcIp(), parsed.dstIp(),
            peer, at, flow.line());
    }

    private record Attributed(String namespace, String pod, String inInterface, String srcIp, String dstIp,
                              String peer, Instant at, String line) {
    }
}
