package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.DnsResolution;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.dns.Dnsmasq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The long-running commands together with DNS naming (docs/dns.md), each in a thread of this JVM as its container
 * runs it: {@code ingest --dns} follows the Loki test server for flow and CoreDNS query lines, {@code streams
 * --dns-server --peer-identity fqdn} names external peers by the queries arriving on the topic, resolving against a
 * real dnsmasq, and {@code sink} commits to a git repository on disk, re-rendering a namespace's policy when a
 * name's addresses change.
 */
class DnsFollowIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NAMESPACE = "shop";
    private static final String POD = "web-1";
    private static final String POD_IP = "10.244.1.5";
    private static final String NAME = "api.example.test";
    private static final String A = "203.0.113.10";
    private static final String B = "203.0.113.20";
    private static final String UNQUERIED = "198.51.100.7";
    private static final Map<String, String> COREDNS = Map.of("namespace", "kube-system", "app", "kube-dns",
        "host", "node-2");
    private static final Map<String, String> JOURNAL = Map.of("job", "node-journal", "host", "node-1");
    private static final String CALICO = "namespaces/" + NAMESPACE + "/calico.yaml";
    private static final String KUBERNETES = "namespaces/" + NAMESPACE + "/kubernetes.yaml";

    @TempDir
    Path dir;

    private final List<Running> commands = new ArrayList<>();
    private Path remote;
    private LokiTestServer loki;

    @Test
    void shouldKeepAQueriedNameOnePeerWhileItMovesAndReRenderThePolicyWithItsNewAddress() throws Exception {
        publishInventory();
        remote = dir.resolve("policies.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        // A 1-second TTL: the streams app caches answers for at least 5 s, so it sees the move within seconds.
        try (Dnsmasq dnsmasq = Dnsmasq.start(dir, List.of(A + " " + NAME), List.of("--local-ttl=1"));
             LokiTestServer server = new LokiTestServer()) {
            loki = server;
            List<String> stillRunning;
            try {
                startCommands(dnsmasq);
                flowToAnUnqueriedAddress();
                flowAfterAQuery();
                moveTheName(dnsmasq);
                flowToTheNewAddress();
            } finally {
                stillRunning = stopCommands();
            }
            assertEquals(List.of(), stillRunning, "commands still running 30 s after their interrupt");
        }
    }

    /**
     * Also the sign that the streams app runs: a query and its flow that both wait in their topics while it starts
     * may reach the naming step in either order (docs/dns.md, "Attribution rule").
     */
    private void flowToAnUnqueriedAddress() throws Exception {
        loki.push(JOURNAL, TestFlowLines.nowNanos(), flow(POD_IP, UNQUERIED, 25));

        assertEquals(List.of("external:" + UNQUERIED + " TCP/25"),
            await("the new-destination event of " + UNQUERIED, this::newDestinations, e -> !e.isEmpty()));
    }

    private void flowAfterAQuery() throws Exception {
        // Together, as a pod resolves a name and connects: ingest keeps the flow --dns-lead behind the query.
        long queried = TestFlowLines.nowNanos();
        loki.push(COREDNS, queried, query(POD_IP, NAME));
        loki.push(JOURNAL, queried + 1_000_000, flow(POD_IP, A, 443));

        assertEquals(List.of("external:" + UNQUERIED + " TCP/25", "fqdn:" + NAME + " TCP/443"),
            await("the new-destination event of the flow to " + A, this::newDestinations, e -> e.size() > 1));
        String calico = await("a commit naming " + NAME, () -> committed(CALICO),
            c -> c != null && c.contains(annotation(A)));
        assertTrue(calico.contains("- " + A + "/32") && calico.contains("- " + UNQUERIED + "/32"), calico);
        String kubernetes = committed(KUBERNETES);
        assertTrue(kubernetes.contains("cidr: " + A + "/32") && kubernetes.contains(annotation(A)), kubernetes);
    }

    private void moveTheName(Dnsmasq dnsmasq) throws Exception {
        dnsmasq.reload(List.of(B + " " + NAME));
        // The pod keeps querying, as pods do, until the streams app's cached answer expired and it resolved B.
        await("the query of " + NAME + " resolved to " + B, () -> {
            loki.push(COREDNS, TestFlowLines.nowNanos(), query(POD_IP, NAME));
            return resolvedAddresses();
        }, ips -> ips.contains(B));

        // No flow went to B yet: only the name's new address on the names topic can put B in the policy.
        String calico = await("a commit listing " + B + " for " + NAME, () -> committed(CALICO),
            c -> c.contains(annotation(A, B)));
        assertTrue(calico.contains("- " + A + "/32") && calico.contains("- " + B + "/32"), calico);
        String kubernetes = committed(KUBERNETES);
        assertTrue(kubernetes.contains("cidr: " + B + "/32") && kubernetes.contains(annotation(A, B)), kubernetes);
        assertEquals("fqdn:" + NAME + ": " + A + " → " + A + ", " + B, headSubject(), "no namespace changed");
    }

    private void flowToTheNewAddress() throws Exception {
        loki.push(JOURNAL, TestFlowLines.nowNanos(), flow(POD_IP, B, 443));
        await("the flow to " + B + " on the enriched topic", this::enrichedDestinations, ips -> ips.contains(B));
        // Pushed after it, a flow on a new port is tracked after it (same namespace, same partition): once its event
        // is committed, so is whatever the flow to B caused.
        loki.push(JOURNAL, TestFlowLines.nowNanos(), flow(POD_IP, UNQUERIED, 587));

        List<String> events = await("the new-destination event of port 587", this::newDestinations,
            e -> e.contains("external:" + UNQUERIED + " TCP/587"));
        assertEquals(List.of("external:" + UNQUERIED + " TCP/25", "external:" + UNQUERIED + " TCP/587",
            "fqdn:" + NAME + " TCP/443"), events, "the flow to the name's new address must be no new destination");
        String calico = await("a commit allowing port 587", () -> committed(CALICO), c -> c.contains("- 587"));
        assertTrue(calico.contains(annotation(A, B)), calico);
    }

    private void startCommands(Dnsmasq dnsmasq) {
        commands.add(new Running("streams", "--bootstrap-servers", KAFKA.bootstrapServers(), "--state-dir",
            dir.resolve("state").toString(), "--stream-threads", "1", "--partitions", "2", "--http-bind", "127.0.0.1",
            "--http-port", "0", "--advertised-host", "127.0.0.1", "--dns-server",
            "127.0.0.1:" + dnsmasq.address().getPort(), "--peer-identity", "fqdn"));
        commands.add(new Running("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
            loki.uri().toString(), "--from", LokiLines.rfc3339(TestFlowLines.nowNanos()
                - Duration.ofMinutes(1).toNanos()), "--lag", "1s", "--poll-interval", "200ms", "--dns",
            "--dns-lead", "2s", "--partitions", "2", "--metrics-port", "0"));
        commands.add(new Running("sink", "--bootstrap-servers", KAFKA.bootstrapServers(), "--git-repo",
            remote.toUri().toString(), "--git-workdir", dir.resolve("clone").toString(), "--formats",
            "calico,kubernetes", "--interval", "PT0.5S", "--metrics-port", "0"));
    }

    /** Stops the commands, the last started first; returns those still running. */
    private List<String> stopCommands() throws InterruptedException {
        List<String> stillRunning = new ArrayList<>();
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (!commands.get(i).stop()) {
                stillRunning.add(commands.get(i).name);
            }
        }
        return stillRunning;
    }

    private void publishInventory() throws Exception {
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "{\"ip\":\"" + POD_IP + "\","
            + "\"kind\":\"pod\",\"namespace\":\"" + NAMESPACE + "\",\"name\":\"" + POD + "\","
            + "\"workload\":\"Deployment/web\",\"labels\":{\"app\":\"web\"},\"from\":\"2026-01-01T00:00:00Z\"}\n");
        StringWriter err = new StringWriter();
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("inventory", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file",
            inventory.toString(), "--partitions", "2", "--metrics-port", "0"), err.toString());
    }

    /** Polls until {@code done}, failing with the commands' errors when one of them exits or the deadline passes. */
    private <T> T await(String condition, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            for (Running command : commands) {
                command.assertRunning();
            }
            T value = probe.call();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("no " + condition + " within " + DEADLINE + "; last seen: " + value);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** The external addresses the namespace's flows went to, as enriched (before naming). */
    private List<String> enrichedDestinations() {
        return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.ENRICHED_FLOWS, DEADLINE).stream()
            .map(r -> r.value()).filter(f -> NAMESPACE.equals(f.srcNamespace()) && f.peer().ip() != null)
            .map(f -> f.peer().ip()).toList();
    }

    /** The addresses the pod's queries of the name resolved to, as the streams app published them. */
    private List<String> resolvedAddresses() {
        return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.DNS_RESOLUTIONS, DEADLINE).stream()
            .map(r -> r.value()).filter(r -> r.pod().equals(POD) && r.name().equals(NAME))
            .map(DnsResolution::ip).toList();
    }

    /** The namespace's new-destination events, {@code <peer> <protocol>/<port>}, sorted. */
    private List<String> newDestinations() {
        return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.NEW_DESTINATIONS, DEADLINE).stream()
            .map(r -> r.value()).filter(e -> e.namespace().equals(NAMESPACE))
            .map(e -> e.peer().id() + " " + e.protocol() + "/" + e.port()).sorted().toList();
    }

    /** The first line of the message of the latest commit pushed to the remote's main branch. */
    private String headSubject() throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(repo.resolve("refs/heads/main")).getShortMessage();
        }
    }

    /** The file as the latest commit pushed to the remote's main branch holds it; null before there is one. */
    private String committed(String path) throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("refs/heads/main");
            if (head == null) {
                return null;
            }
            RevCommit commit = walk.parseCommit(head);
            try (TreeWalk file = TreeWalk.forPath(repo, path, commit.getTree())) {
                return file == null ? null
                    : new String(repo.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String annotation(String... ips) {
        StringBuilder text = new StringBuilder("flowpolicy.io/fqdns: \"" + NAME + ": ");
        for (int i = 0; i < ips.length; i++) {
            text.append(i == 0 ? "" : ", ").append(ips[i]).append("/32");
        }
        return text.append('"').toString();
    }

    private static String query(String client, String name) {
        return "[INFO] " + client + ":45678 - 1234 \"A IN " + name + ". udp 45 false 512\" NOERROR qr,rd,ra 80 "
            + "0.00123s";
    }

    private static String flow(String src, String dst, int port) {
        return "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
            + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=" + port
            + " WINDOW=64240 RES=0x00 SYN URGP=0";
    }

    /** A command running in a thread of this JVM until stopped, as in its container; interrupting stops it. */
    private static final class Running {
        private final String name;
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        private volatile Integer exit;

        Running(String... args) {
            this.name = args[0];
            this.thread = new Thread(() -> {
                CommandLine cl = FlowpolicyCommand.commandLine();
                cl.setOut(new PrintWriter(new StringWriter(), true));
                cl.setErr(new PrintWriter(err, true));
                exit = cl.execute(args);
            }, name + "-under-test");
            thread.start();
        }

        void assertRunning() {
            if (!thread.isAlive()) {
                fail(name + " exited with " + exit + ": " + err);
            }
        }

        /** @return whether it stopped within 30 s */
        boolean stop() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            return !thread.isAlive();
        }
    }
}
