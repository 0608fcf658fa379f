package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.TopologyHarness;
import io.flowpolicy.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproduces the first manual observation snapshot of the cluster from flows shaped like it. */
class ObservationSnapshotTest {
    /** namespace, peers, pod, service, external — as the person wrote it down. */
    private static final String TABLE = """
        affine 3 2 1 0 · beads-server 4 3 1 0 · cyberchef 2 1 1 0 · dawarich 3 2 1 0 · default 1 0 0 1 ·
        ebooks 3 2 1 0 · f1-stream 16 2 1 13 · forgejo 2 1 1 0 · hackmd 2 1 1 0 · homepage 2 1 1 0 ·
        isponsorblocktv 2 0 1 1 · jsoncrack 2 1 1 0 · kms 2 1 1 0 · mailserver 2 0 1 1 · meshcentral 2 2 0 0 ·
        n8n 2 1 1 0 · nextcloud 5 2 1 2 · onlyoffice 2 1 1 0 · openclaw 18 4 1 13 · paperless-ngx 3 2 1 0 ·
        phpipam 3 2 1 0 · poison-fountain 2 1 1 0 · postiz 9 8 1 0 · realestate-crawler 2 1 1 0 ·
        recruiter-responder 2 0 1 1 · rybbit 2 1 1 0 · send 2 1 1 0 · servarr 134 2 2 130 · speedtest 2 1 1 0 ·
        status-page 10 2 1 7 · tandoor 2 1 1 0 · technitium 5 2 1 2 · trading-bot 5 2 1 2 · url 2 1 1 0 ·
        website 2 1 1 0 · woodpecker 8 2 1 5""";
    private static final List<String> TIER_C = List.of("postiz", "f1-stream", "openclaw", "woodpecker", "status-page");
    private static final Instant START = Instant.parse("2026-05-10T08:00:00Z");

    @TempDir
    Path stateDir;

    record Row(String namespace, int peers, int pod, int service, int external) {
    }

    @Test
    void shouldReproduceTheFanOutTableAndTiersOfTheFirstObservation() {
        List<Row> rows = rows();
        Map<String, NamespaceProfile> profiles;
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults(), stateDir)) {
            harness.service("10.96.0.10", "kube-system", "kube-dns");
            harness.service("10.96.0.20", "kube-system", "metrics");
            int nsIndex = 0;
            for (Row row : rows) {
                nsIndex++;
                List<String> peers = peersOf(harness, row, nsIndex);
                String source = "10.250." + nsIndex + ".1";
                harness.pod(source, row.namespace(), row.namespace() + "-app", List.of());
                for (int day = 0; day < 7; day++) {
                    for (int i = 0; i < peers.size(); i++) {
                        harness.flow(START.plus(Duration.ofDays(day)).plusSeconds(nsIndex * 100L + i), source,
                            peers.get(i), "TCP", 443);
                    }
                }
            }
            profiles = harness.latest(Topics.PROFILES);
        }

        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (Row row : rows) {
            String tier = row.namespace().equals("servarr") ? "D" : TIER_C.contains(row.namespace()) ? "C" : "B";
            expected.put(row.namespace(), row.peers() + " " + row.pod() + " " + row.service() + " " + row.external()
                + " " + tier);
            NamespaceProfile p = profiles.get(row.namespace());
            actual.put(row.namespace(), p.peers() + " " + p.pod() + " " + p.service() + " " + p.external() + " "
                + p.tier());
        }
        assertEquals(expected, actual);
        assertEquals(36, profiles.size());
    }

    /** Peer IPs for one namespace: its own pods, kube-dns (and one more service), distinct external IPs. */
    private static List<String> peersOf(TopologyHarness harness, Row row, int nsIndex) {
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < row.pod(); i++) {
            String ip = "10.244." + nsIndex + "." + (10 + i);
            harness.pod(ip, row.namespace(), row.namespace() + "-dep" + i, List.of());
            peers.add(ip);
        }
        if (row.service() >= 1) {
            peers.add("10.96.0.10");
        }
        if (row.service() >= 2) {
            peers.add("10.96.0.20");
        }
        for (int i = 0; i < row.external(); i++) {
            peers.add("198.51." + nsIndex + "." + (1 + i));
        }
        assertEquals(row.peers(), peers.size(), "table row adds up: " + row);
        return peers;
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String cell : TABLE.replace("\n", " ").split("·")) {
            String[] f = cell.trim().split("\\s+");
            rows.add(new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4])));
        }
        return rows;
    }
}
