package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.model.JsonSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole thin path on a real in-process broker: flow file → Kafka → Streams → sink → git. */
class AnalyzeIT {
    private static final long DAY = 86_400_000_000_000L;
    private static final long T0 = 1_778_000_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldCommitOnePolicyPerObservedNamespaceAndNothingMoreOnASecondRun() throws Exception {
        Path flows = dir.resolve("flows.jsonl");
        Path inventory = dir.resolve("inventory.jsonl");
        Files.write(inventory, List.of(
            inv("10.244.1.5", "pod", "affine", "affine-1", "Deployment/affine", "[]"),
            inv("10.244.2.6", "pod", "affine", "affine-postgres-0", "StatefulSet/affine-postgres", "[]"),
            inv("10.244.0.10", "pod", "kube-system", "coredns-1", "Deployment/coredns", "[\"kube-system/kube-dns\"]"),
            inv("10.244.3.7", "pod", "nextcloud", "nextcloud-1", "Deployment/nextcloud", "[]"),
            "{\"ip\":\"10.96.0.1\",\"kind\":\"endpoint\",\"namespace\":\"x\",\"name\":\"y\",\"from\":\"2026-01-01T00:00:00Z\"}"));
        List<String> lines = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            lines.add(flow(T0 + day * DAY, "10.244.1.5", "10.244.0.10", "UDP", 53));
            lines.add(flow(T0 + day * DAY + 1, "10.244.1.5", "10.244.2.6", "TCP", 5432));
            lines.add(flow(T0 + day * DAY + 2, "10.244.3.7", "93.184.216.34", "TCP", 443));
            lines.add(flow(T0 + day * DAY + 3, "10.244.3.7", "10.244.0.10", "UDP", 53));
        }
        lines.add(5, "{\"ts\":\"12\",\"labels\":{}}");
        Files.write(flows, lines);
        Path out = dir.resolve("out");
        Path repo = dir.resolve("policies");
        StringWriter err = new StringWriter();

        int exit = AnalyzeCommand.Analysis.runAndReport(
            new LocalPipeline.Request(flows, inventory, out, repo, "main", 2, 1), new PrintWriter(new StringWriter()),
            new PrintWriter(err));

        assertEquals(0, exit);
        assertTrue(err.toString().contains("flows.jsonl:6: no \"line\" text field"), err.toString());
        assertTrue(err.toString().contains("inventory.jsonl:5: unknown kind 'endpoint'"), err.toString());
        JsonNode summary = JsonSerde.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(13, summary.at("/lines/read").asLong());
        assertEquals(1, summary.at("/lines/rejected").asLong());
        assertEquals(1, summary.at("/lines/byReason/malformed-record").asLong());
        assertEquals(Set.of("affine", "nextcloud"), fieldNames(summary.get("namespaces")));
        assertEquals(2, summary.at("/namespaces/nextcloud/peers").asInt());
        assertEquals(1, summary.at("/namespaces/nextcloud/external").asInt());
        assertEquals(4, summary.get("newDestinations").size());
        String commit = summary.get("commit").asText();
        try (Git git = Git.open(repo.toFile())) {
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertEquals(commit, head.getId().name());
            Set<String> files = filesIn(git, head);
            assertTrue(files.containsAll(Set.of("namespaces/affine/calico.yaml", "namespaces/nextcloud/calico.yaml",
                "REPORT.md")), files.toString());
            assertTrue(files.stream().noneMatch(f -> f.startsWith("namespaces/kube-system/")), files.toString());
            assertTrue(Files.readString(repo.resolve("namespaces/nextcloud/calico.yaml")).contains("93.184.216.34/32"));
        }

        AnalyzeCommand.Analysis.runAndReport(new LocalPipeline.Request(flows, inventory, dir.resolve("out2"), repo,
            "main", 2, 1), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

        JsonNode second = JsonSerde.MAPPER.readTree(dir.resolve("out2/summary.json").toFile());
        assertTrue(second.get("commit").isNull(), () -> "second run committed: " + second.toPrettyString() + "\n"
            + diffOfHead(repo));
        assertEquals(commit, second.get("head").asText());
        try (Git git = Git.open(repo.toFile())) {
            int commits = 0;
            for (RevCommit ignored : git.log().call()) {
                commits++;
            }
            assertEquals(1, commits);
        }
    }

    /**
     * A node whose lines reach the tracker first, a month ahead of another's: the run still reports both nodes'
     * destinations, whatever order they arrive in (one partition: the order of the file).
     */
    @Test
    void shouldKeepEveryDestinationOfAnInputThatSpansMoreThanTheServicesRetention() throws Exception {
        JsonNode summary = analyzeNextcloud(
            flow(T0 + 40 * DAY, "10.244.3.7", "9.9.9.9", "TCP", 443).replace("node-1", "node-2"),
            flow(T0, "10.244.3.7", "1.1.1.1", "TCP", 443));

        assertEquals(0, summary.at("/lines/rejected").asLong(), summary.toPrettyString());
        assertEquals(2, summary.at("/namespaces/nextcloud/external").asInt(), summary.toPrettyString());
        assertEquals(2, summary.get("newDestinations").size(), summary.toPrettyString());
        String policy = Files.readString(dir.resolve("policies/namespaces/nextcloud/calico.yaml"));
        assertTrue(policy.contains("1.1.1.1/32") && policy.contains("9.9.9.9/32"), policy);
    }

    /**
     * A node whose clock runs days ahead: its lines are attributed like any other. Kafka 4 refuses record times more
     * than an hour ahead of the broker's clock unless a topic allows them, and every record on the way (raw line,
     * enriched flow, the Streams app's changelogs and repartitions, profile, candidate) carries the flow's time.
     */
    @Test
    void shouldAnalyzeALineStampedDaysAheadOfNow() throws Exception {
        long ahead = System.currentTimeMillis() * 1_000_000L + 3 * DAY;

        JsonNode summary = analyzeNextcloud(flow(ahead, "10.244.3.7", "9.9.9.9", "TCP", 443));

        assertEquals(1, summary.at("/namespaces/nextcloud/external").asInt(), summary.toPrettyString());
    }

    /** An inventory the broker did not take in full would attribute flows wrongly: the run stops and says so. */
    @Test
    void shouldStopNamingTheInventoryRecordsThatWereNotWritten() throws Exception {
        Path flows = Files.write(dir.resolve("flows.jsonl"), List.of(flow(T0, "10.244.3.7", "9.9.9.9", "TCP", 443)));
        Path inventory = Files.write(dir.resolve("inventory.jsonl"), List.of(
            inv("10.244.3.7", "pod", "nextcloud", "nextcloud-1", "Deployment/nextcloud", "[]"),
            inv("10.244.3.8", "pod", "nextcloud", "x".repeat(2 * 1024 * 1024), "Deployment/big", "[]")));
        StringWriter err = new StringWriter();

        int exit = AnalyzeCommand.Analysis.runAndReport(new LocalPipeline.Request(flows, inventory,
            dir.resolve("out"), dir.resolve("policies"), "main", 1, 1), new PrintWriter(new StringWriter()),
            new PrintWriter(err));

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith(
            "error: 1 of 2 inventory records were not written to flowpolicy.inventory"), err.toString());
        assertTrue(!Files.exists(dir.resolve("out/summary.json")), "no summary of a run that could not finish");
    }

    /** Analyzes the flows of nextcloud's one pod (10.244.3.7) on one partition, in file order; the summary. */
    private JsonNode analyzeNextcloud(String... flows) throws Exception {
        Path flowFile = Files.write(dir.resolve("flows.jsonl"), List.of(flows));
        Path inventory = Files.write(dir.resolve("inventory.jsonl"), List.of(inv("10.244.3.7", "pod", "nextcloud",
            "nextcloud-1", "Deployment/nextcloud", "[]")));
        Path out = dir.resolve("out");

        int exit = AnalyzeCommand.Analysis.runAndReport(new LocalPipeline.Request(flowFile, inventory, out,
            dir.resolve("policies"), "main", 1, 1), new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));

        assertEquals(0, exit);
        return JsonSerde.MAPPER.readTree(out.resolve("summary.json").toFile());
    }

    private static String diffOfHead(Path repo) {
        try (Git git = Git.open(repo.toFile())) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            git.diff().setOldTree(tree(git, "HEAD~1^{tree}")).setNewTree(tree(git, "HEAD^{tree}"))
                .setOutputStream(out).call();
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "no diff: " + e;
        }
    }

    private static org.eclipse.jgit.treewalk.AbstractTreeIterator tree(Git git, String rev) throws Exception {
        org.eclipse.jgit.treewalk.CanonicalTreeParser parser = new org.eclipse.jgit.treewalk.CanonicalTreeParser();
        try (var reader = git.getRepository().newObjectReader()) {
            parser.reset(reader, git.getRepository().resolve(rev));
        }
        return parser;
    }

    private static String inv(String ip, String kind, String ns, String name, String workload, String services) {
        return "{\"ip\":\"" + ip + "\",\"kind\":\"" + kind + "\",\"namespace\":\"" + ns + "\",\"name\":\"" + name
            + "\",\"workload\":\"" + workload + "\",\"labels\":{\"app\":\"" + name + "\"},\"services\":" + services
            + ",\"from\":\"2026-01-01T00:00:00Z\",\"to\":null}";
    }

    private static String flow(long ts, String src, String dst, String proto, int port) {
        String l4 = proto.equals("TCP") ? "PROTO=TCP SPT=40000 DPT=" + port + " WINDOW=64240 RES=0x00 SYN URGP=0"
            : "PROTO=UDP SPT=40000 DPT=" + port + " LEN=56";
        return "{\"ts\":\"" + ts + "\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\"},\"line\":\""
            + "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
            + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF " + l4 + " \"}";
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> filesIn(Git git, RevCommit commit) throws Exception {
        Set<String> files = new TreeSet<>();
        try (TreeWalk walk = new TreeWalk(git.getRepository())) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.add(walk.getPathString());
            }
        }
        assertNotNull(ObjectId.fromString(commit.getId().name()));
        return files;
    }
}
