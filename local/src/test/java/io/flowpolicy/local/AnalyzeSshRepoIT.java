package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.sink.git.GitSshServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code analyze --git-repo ssh://…} with a deploy key and a known_hosts file against an in-process SSH git host:
 * the commit is pushed over ssh; a rerun over the same input pushes nothing.
 */
class AnalyzeSshRepoIT {
    private static final long T0 = 1_778_000_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldPushOverSshWithADeployKeyAndPushNothingWhenRunAgain() throws Exception {
        Path bare = dir.resolve("repos/policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        KeyPair deployKey = GitSshServer.generateKey("ssh-ed25519", 256);
        Path keyFile = GitSshServer.writePrivateKey(deployKey, dir.resolve("deploy-key"), null);
        Path inventory = Files.write(dir.resolve("inventory.jsonl"), List.of(
            "{\"ip\":\"10.244.3.7\",\"kind\":\"pod\",\"namespace\":\"nextcloud\",\"name\":\"nextcloud-1\","
                + "\"workload\":\"Deployment/nextcloud\",\"labels\":{\"app\":\"nextcloud\"},\"services\":[],"
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":null}"));
        Path flows = Files.write(dir.resolve("flows.jsonl"), List.of(flow(T0, "10.244.3.7", "93.184.216.34", 443)));

        try (GitSshServer server = GitSshServer.start(dir.resolve("repos"), deployKey.getPublic())) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
            String[] ssh = {"--git-repo", server.url("policies.git"), "--git-ssh-key-file", keyFile.toString(),
                "--git-known-hosts", knownHosts.toString()};

            run(flows, inventory, dir.resolve("out1"), ssh);
            int pushedByFirst = server.refUpdates();
            run(flows, inventory, dir.resolve("out2"), ssh);

            assertEquals(1, pushedByFirst);
            assertEquals(1, server.refUpdates(), "the second run pushed a ref");
        }
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> log = new ArrayList<>();
            git.log().call().forEach(log::add);
            assertEquals(1, log.size());
            assertEquals("nextcloud: new (tier B, learning, 1 rule)", log.get(0).getShortMessage());
            JsonNode first = JsonSerde.MAPPER.readTree(dir.resolve("out1/summary.json").toFile());
            JsonNode second = JsonSerde.MAPPER.readTree(dir.resolve("out2/summary.json").toFile());
            assertEquals(log.get(0).getId().name(), first.get("commit").asText());
            assertTrue(second.get("commit").isNull());
            assertEquals(Files.readString(dir.resolve("out1/policy-repo/namespaces/nextcloud/calico.yaml")),
                file(git.getRepository(), log.get(0), "namespaces/nextcloud/calico.yaml"));
        }
    }

    @Test
    void shouldWarnWithTheReasonAndTheFixWhenTheHostOffersAnotherKey() throws Exception {
        Path bare = dir.resolve("repos/policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        KeyPair deployKey = GitSshServer.generateKey("ssh-ed25519", 256);
        Path keyFile = GitSshServer.writePrivateKey(deployKey, dir.resolve("deploy-key"), null);
        Path inventory = Files.write(dir.resolve("inventory.jsonl"), List.of());
        Path flows = Files.write(dir.resolve("flows.jsonl"), List.of(flow(T0, "10.244.3.7", "93.184.216.34", 443)));

        try (GitSshServer server = GitSshServer.start(dir.resolve("repos"), deployKey.getPublic())) {
            // The file lists the host, but with another key: as after a key change, or a host in the middle.
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                server.knownHostsLine(GitSshServer.generateKey().getPublic()) + "\n");

            String err = execute(flows, inventory, dir.resolve("out"), "--git-repo", server.url("policies.git"),
                "--git-ssh-key-file", keyFile.toString(), "--git-known-hosts", knownHosts.toString());

            assertEquals(0, server.refUpdates());
            assertTrue(err.contains("warning: policy repository ") && err.contains(" not reached (host key of [127.0.0.1]:"
                + server.port() + " changed: it offers "), err);
            assertTrue(err.contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts), err);
            assertTrue(err.contains("; the commit is kept in "), err);
        }
    }

    private static void run(Path flows, Path inventory, Path out, String... ssh) {
        String err = execute(flows, inventory, out, ssh);
        assertFalse(err.contains("not reached"), err);
    }

    /** Runs analyze, asserts exit 0 and returns what it printed on stderr. */
    private static String execute(Path flows, Path inventory, Path out, String... ssh) {
        List<String> args = new ArrayList<>(List.of("analyze", "--flows", flows.toString(), "--inventory",
            inventory.toString(), "--out", out.toString(), "--partitions", "1", "--stream-threads", "1"));
        args.addAll(List.of(ssh));
        CommandLine cli = FlowpolicyCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), err.toString());
        return err.toString();
    }

    private static String file(Repository repo, RevCommit commit, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
            assertTrue(walk != null, path + " not in " + commit.getName());
            return new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String flow(long ts, String src, String dst, int port) {
        return "{\"ts\":\"" + ts + "\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\"},\"line\":\""
            + "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
            + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=" + port
            + " WINDOW=64240 RES=0x00 SYN URGP=0 \"}";
    }
}
