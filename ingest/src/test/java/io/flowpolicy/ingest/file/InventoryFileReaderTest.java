package io.flowpolicy.ingest.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.InventoryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadIntervalsAndRejectBadOnesNamingFileAndLine() throws Exception {
        Path file = dir.resolve("inventory.jsonl");
        Files.write(file, List.of(
            "{\"ip\":\"10.244.0.7\",\"kind\":\"pod\",\"namespace\":\"affine\",\"name\":\"affine-5d9c-x2\","
                + "\"workload\":\"Deployment/affine\",\"labels\":{\"app\":\"affine\"},\"node\":\"node-1\","
                + "\"services\":[\"kube-system/kube-dns\"],\"from\":\"2026-05-18T00:00:00Z\",\"to\":null}",
            "{\"ip\":\"10.244.0.8\",\"kind\":\"deployment\",\"namespace\":\"a\",\"name\":\"b\",\"from\":\"2026-05-18T00:00:00Z\"}",
            "{\"ip\":\"not-an-ip\",\"kind\":\"node\",\"name\":\"node-1\",\"from\":\"2026-05-18T00:00:00Z\"}",
            "{\"ip\":\"FD00:0010:0244:0001:0000:0000:0000:0005\",\"kind\":\"node\",\"name\":\"node-1\","
                + "\"from\":\"2026-05-18T00:00:00Z\",\"to\":\"2026-05-17T00:00:00Z\"}",
            "{\"ip\":\"fd00:0010:0244:0001:0000:0000:0000:0005\",\"kind\":\"node\",\"name\":\"node-1\","
                + "\"from\":\"2026-05-18T00:00:00Z\"}",
            "{\"kind\":\"node\",\"name\":\"node-2\",\"from\":\"2026-05-18T00:00:00Z\"}"));
        List<SourceLine<InventoryRecord>> lines = new ArrayList<>();

        new InventoryFileReader(file).read(lines::add);

        InventoryRecord pod = (InventoryRecord) ((SourceLine.Accepted<?>) lines.get(0)).value();
        assertEquals(new InventoryRecord("10.244.0.7", "pod", "affine", "affine-5d9c-x2", "Deployment/affine",
            Map.of("app", "affine"), "node-1", List.of("kube-system/kube-dns"), Instant.parse("2026-05-18T00:00:00Z"),
            null), pod);
        assertEquals("inventory.jsonl:2: unknown kind 'deployment', expected one of [pod, service, node]",
            ((SourceLine.Rejected<?>) lines.get(1)).rejection().detail());
        assertEquals("inventory.jsonl:3: ip 'not-an-ip' is not an IPv4 or IPv6 address",
            ((SourceLine.Rejected<?>) lines.get(2)).rejection().detail());
        assertEquals("inventory.jsonl:4: \"to\" 2026-05-17T00:00:00Z is not after \"from\" 2026-05-18T00:00:00Z",
            ((SourceLine.Rejected<?>) lines.get(3)).rejection().detail());
        InventoryRecord node = (InventoryRecord) ((SourceLine.Accepted<?>) lines.get(4)).value();
        assertEquals("fd00:10:244:1::5", node.ip());
        assertEquals("inventory.jsonl:6: missing \"ip\"", ((SourceLine.Rejected<?>) lines.get(5)).rejection().detail());
    }

    @Test
    void shouldReadServicePortsAndKeepAPodWhoseServicePortsItCannotUseWithoutThem() throws Exception {
        Path file = dir.resolve("ports.jsonl");
        String pod = "{\"ip\":\"10.244.0.9\",\"kind\":\"pod\",\"namespace\":\"kube-system\",\"name\":\"coredns-1\","
            + "\"services\":[\"kube-system/kube-dns\",\"kube-system/metrics\"],\"from\":\"2026-05-18T00:00:00Z\","
            + "\"servicePorts\":";
        Files.write(file, List.of(pod + "{\"kube-system/kube-dns\":[\"53/UDP\",\"53/TCP\"]}}",
            pod + "{\"kube-system/kube-dns\":[\"dns\"],\"kube-system/metrics\":[\"9153/TCP\"]}}",
            pod + "{\"kube-system/other\":[\"80/TCP\"]}}"));
        List<SourceLine<InventoryRecord>> lines = new ArrayList<>();

        new InventoryFileReader(file).read(lines::add);

        InventoryRecord dns = (InventoryRecord) ((SourceLine.Accepted<?>) lines.get(0)).value();
        assertEquals(Map.of("kube-system/kube-dns", List.of("53/UDP", "53/TCP")), dns.servicePorts());
        // A typo in the optional refinement costs that entry (kube-dns then counts for every port), not the pod.
        InventoryRecord typo = (InventoryRecord) ((SourceLine.Accepted<?>) lines.get(1)).value();
        assertEquals("10.244.0.9", typo.ip());
        assertEquals(Map.of("kube-system/metrics", List.of("9153/TCP")), typo.servicePorts());
        InventoryRecord unknownService = (InventoryRecord) ((SourceLine.Accepted<?>) lines.get(2)).value();
        assertEquals(Map.of(), unknownService.servicePorts());
    }

    @Test
    void shouldSayWhichServicePortsEntryItIgnoresAndWhy() {
        InventoryRecord pod = new InventoryRecord("10.244.0.9", "pod", "kube-system", "coredns-1", null, Map.of(),
            null, List.of("kube-system/kube-dns"), java.time.Instant.parse("2026-05-18T00:00:00Z"), null,
            Map.of("kube-system/kube-dns", List.of("53", "53/TCP")));
        List<String> warnings = new ArrayList<>();

        InventoryFileReader.withUsableServicePorts(pod, warnings::add);

        assertEquals(List.of("servicePorts of kube-system/kube-dns: [53] not <port>/<protocol> such as 53/UDP; the "
            + "entry is ignored, so that Service counts for every port of the pod"), warnings);
    }
}
