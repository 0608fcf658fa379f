package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.model.JsonSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code analyze --git-repo file://…} against a bare repository: clone, commit, push; a rerun adds nothing. */
class AnalyzeRemoteRepoIT {
    private static final long T0 = 1_778_000_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldPushToABareRepositoryAndAddNoCommitWhenRunTwiceOverTheSameInput() throws Exception {
        Path bare = dir.resolve("policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path flows = dir.resolve("flows.jsonl");
        Path inventory = dir.resolve("inventory.jsonl");
        Files.write(inventory, List.of(
            "{\"ip\":\"10.244.3.7\",\"kind\":\"pod\",\"namespace\":\"nextcloud\",\"name\":\"nextcloud-1\","
                + "\"workload\":\"Deployment/nextcloud\",\"labels\":{\"app\":\"nextcloud\"},\"services\":[],"
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":null}"));
        Files.write(flows, List.of(flow(T0, "10.244.3.7", "93.184.216.34", 443),
            flow(T0 + 1, "10.244.3.7", "93.184.216.35", 443)));

        int first = run(flows, inventory, dir.resolve("out1"), bare.toUri().toString(), "--formats", "calico,cilium");
        int second = run(flows, inventory, dir.resolve("out2"), bare.toUri().toString(), "--formats", "calico,cilium");
        int viaPath = run(flows, inventory, dir.resolve("out3"), bare.toString(), "--formats", "calico,cilium");

        assertEquals(List.of(0, 0, 0), List.of(first, second, viaPath));
        List<RevCommit> log = new ArrayList<>();
        try (Git git = Git.open(bare.toFile())) {
            git.log().call().forEach(log::add);
            assertEquals(1, log.size());
            assertEquals("nextcloud: new (tier B, learning, 2 rules)", log.get(0).getShortMessage());
        }
        JsonNode summary1 = JsonSerde.MAPPER.readTree(dir.resolve("out1/summary.json").toFile());
        JsonNode summary2 = JsonSerde.MAPPER.readTree(dir.resolve("out2/summary.json").toFile());
        assertEquals(log.get(0).getId().name(), summary1.get("commit").asText());
        assertTrue(summary2.get("commit").isNull());
        assertEquals(log.get(0).getId().name(), summary2.get("head").asText());
        assertTrue(Files.exists(dir.resolve("out2/policy-repo/namespaces/nextcloud/cilium.yaml")));
        String report = Files.readString(dir.resolve("out2/policy-repo/REPORT.md"));
        assertTrue(report.contains("lines read: 2, rejected: 0"), report);
    }

    private static int run(Path flows, Path inventory, Path out, String repo, String... more) {
        List<String> args = new ArrayList<>(List.of("analyze", "--flows", flows.toString(), "--inventory",
            inventory.toString(), "--out", out.toString(), "--git-repo", repo, "--partitions", "2",
            "--stream-threads", "1"));
        args.addAll(List.of(more));
        CommandLine cli = FlowpolicyCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        int exit = cli.execute(args.toArray(String[]::new));
        assertEquals(0, exit, err.toString());
        return exit;
    }

    private static String flow(long ts, String src, String dst, int port) {
        return "{\"ts\":\"" + ts + "\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\"},\"line\":\""
            + "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
            + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=" + port
            + " WINDOW=64240 RES=0x00 SYN URGP=0 \"}";
    }
}
