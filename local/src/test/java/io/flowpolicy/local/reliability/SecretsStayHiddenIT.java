package io.flowpolicy.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import io.flowpolicy.sink.git.GitSshServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distinctive secret values handed to the commands through files and the environment appear nowhere they could
 * leak: process output (INFO, DEBUG), /metrics, API and dashboard responses (with, without and with a wrong token),
 * the written report and summary, commit messages, and the records ingest publishes; nor does an ssh deploy key or
 * its passphrase. Also: the HTTP port is read-only.
 */
class SecretsStayHiddenIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String API_TOKEN = "api-S3CRET-7f1d29";
    private static final String GIT_TOKEN = "git-S3CRET-b41e88";
    private static final String GIT_TOKEN_ENV = "git-env-S3CRET-c0ffee";
    private static final String LOKI_PASSWORD = "loki-pw-S3CRET-5e11a9";
    private static final String LOKI_TOKEN_ENV = "loki-env-S3CRET-77aa01";
    private static final String SSH_PASSPHRASE = "ssh-pass-S3CRET-9d0e4c";
    private static final List<String> SECRETS = List.of(API_TOKEN, GIT_TOKEN, GIT_TOKEN_ENV, LOKI_PASSWORD,
        LOKI_TOKEN_ENV, SSH_PASSPHRASE);

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheApiTokenOutOfLogsMetricsAndResponsesAndRefuseWrites() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(bootstrap, FlowData.topics(1), Duration.ofSeconds(30));
        FlowData.sendInventory(bootstrap);
        FlowData.send(bootstrap, FlowData.lines(2, 2));
        Path tokenFile = Files.writeString(dir.resolve("api-token"), API_TOKEN + "\n");
        int port = freePort();
        List<String> seen = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        try (StreamsProcess app = StreamsProcess.start(bootstrap, Files.createDirectories(dir.resolve("state")),
            "secrets-it", dir.resolve("streams.log"), Map.of("FLOWPOLICY_GIT_TOKEN", GIT_TOKEN_ENV),
            "--http-port", Integer.toString(port), "--api-token-file", tokenFile.toString())) {
            app.awaitHttpPort(Duration.ofSeconds(90));
            Outcome.awaitProcessed(bootstrap, "secrets-it", Duration.ofSeconds(120));
            String base = "http://127.0.0.1:" + port;
            for (String path : List.of("/api/namespaces", "/api/namespaces/shop", "/metrics", "/")) {
                for (String auth : new String[] {"Bearer " + API_TOKEN, null, "Bearer wrong-" + API_TOKEN}) {
                    seen.add(get(client, base + path, auth).body());
                }
                for (String method : List.of("POST", "PUT", "DELETE")) {
                    HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + API_TOKEN)
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertFalse(write.statusCode() < 300, method + " " + path + " answered " + write.statusCode());
                    seen.add(write.body());
                }
            }
            assertEquals(200, get(client, base + "/api/namespaces", "Bearer " + API_TOKEN).statusCode());
            assertEquals(0, app.terminate(Duration.ofSeconds(60)));
            seen.add(app.output());
        }
        assertNoSecret(seen);
    }

    @Test
    void shouldKeepTheGitTokenOutOfTheOutputReportSummaryAndCommits() throws Exception {
        Path bare = dir.resolve("policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path tokenFile = Files.writeString(dir.resolve("git-token"), GIT_TOKEN + "\n");
        Path out = dir.resolve("out");

        String output = analyze(out, "--git-repo", bare.toUri().toString(), "--git-token-file", tokenFile.toString());

        assertNoSecret(outputReportSummaryAndCommits(output, out, bare));
    }

    @Test
    void shouldKeepTheSshKeyAndItsPassphraseOutOfTheOutputReportSummaryAndCommits() throws Exception {
        Path bare = dir.resolve("repos/policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        KeyPair deployKey = GitSshServer.generateKey("ssh-ed25519", 256);
        Path keyFile = GitSshServer.writePrivateKey(deployKey, dir.resolve("deploy-key"), SSH_PASSPHRASE);
        Path passphraseFile = Files.writeString(dir.resolve("deploy-key-passphrase"), SSH_PASSPHRASE + "\n");
        Path out = dir.resolve("out");
        String output;
        try (GitSshServer server = GitSshServer.start(dir.resolve("repos"), deployKey.getPublic())) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");

            output = analyze(out, "--git-repo", server.url("policies.git"), "--git-ssh-key-file", keyFile.toString(),
                "--git-ssh-key-passphrase-file", passphraseFile.toString(), "--git-known-hosts", knownHosts.toString());

            assertEquals(1, server.refUpdates(), output);
        }
        List<String> seen = outputReportSummaryAndCommits(output, out, bare);
        assertNoSecret(seen);
        // The key itself: every line of its encrypted body, and the passphrase that decrypts it.
        List<String> keyLines = Files.readAllLines(keyFile).stream()
            .filter(l -> l.length() > 16 && !l.startsWith("-----")).toList();
        assertFalse(keyLines.isEmpty());
        for (String text : seen) {
            keyLines.forEach(line -> assertFalse(text.contains(line), "ssh key leaked in:\n" + text));
        }
    }

    /** Runs {@code flowpolicy analyze} over one flow in its own JVM, logging at DEBUG; returns its output. */
    private String analyze(Path out, String... git) throws Exception {
        Path inventory = Files.write(dir.resolve("inventory.jsonl"), List.of(
            "{\"ip\":\"10.244.3.7\",\"kind\":\"pod\",\"namespace\":\"nextcloud\",\"name\":\"nextcloud-1\","
                + "\"workload\":\"Deployment/nextcloud\",\"labels\":{\"app\":\"nextcloud\"},\"services\":[],"
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":null}"));
        Path flows = Files.write(dir.resolve("flows.jsonl"), List.of(
            "{\"ts\":\"" + FlowData.line(FlowData.T0, "10.244.3.7", "93.184.216.34", 443).ts()
                + "\",\"labels\":{\"host\":\"node-1\"},\"line\":\"" + FlowData.line(FlowData.T0, "10.244.3.7",
                "93.184.216.34", 443).line() + "\"}"));
        Path log = dir.resolve("analyze.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
            "io.flowpolicy.local.FlowpolicyCommand", "analyze", "--flows", flows.toString(), "--inventory",
            inventory.toString(), "--out", out.toString(), "--partitions", "1", "--stream-threads", "1"));
        command.addAll(List.of(git));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FLOWPOLICY_LOG_LEVEL", "DEBUG");
        builder.environment().put("FLOWPOLICY_GIT_TOKEN", GIT_TOKEN_ENV);
        Process analyze = builder.start();
        assertEquals(0, analyze.waitFor(), () -> read(log));
        return read(log);
    }

    /** The process output, every file written under {@code out} but .git, and every commit message of the remote. */
    private static List<String> outputReportSummaryAndCommits(String output, Path out, Path bare) throws Exception {
        List<String> seen = new ArrayList<>(List.of(output));
        try (Stream<Path> files = Files.walk(out)) {
            files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/"))
                .forEach(p -> seen.add(read(p)));
        }
        try (Git git = Git.open(bare.toFile())) {
            for (RevCommit commit : git.log().call()) {
                seen.add(commit.getFullMessage());
            }
        }
        return seen;
    }

    @Test
    void shouldKeepLokiCredentialsOutOfTheOutputAndTheTopicsThroughRetriedFailures() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(bootstrap, FlowData.topics(1), Duration.ofSeconds(30));
        Path passwordFile = Files.writeString(dir.resolve("loki-password"), LOKI_PASSWORD + "\n");
        long end = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
        List<String> seen = new ArrayList<>();
        try (LokiTestServer server = new LokiTestServer()) {
            TestFlowLines.load(server, TestFlowLines.week(end, 1, 300, 30, 5));
            // Failed and retried requests are where a client tends to log its request, headers included.
            server.faults(0.3, 0.0, Duration.ZERO, 3);
            long middle = end - TestFlowLines.NANOS_PER_DAY / 2;
            seen.add(ingest(Map.of(), server, end - TestFlowLines.NANOS_PER_DAY, middle, "--basic-auth-user",
                "flowpolicy", "--basic-auth-password-file", passwordFile.toString()));
            assertTrue(server.lastQueryHeaders().toString().contains("Basic "), "the password was not sent");
            seen.add(ingest(Map.of("FLOWPOLICY_LOKI_TOKEN", LOKI_TOKEN_ENV), server, middle, end));
            assertTrue(server.lastQueryHeaders().toString().contains("Bearer "), "the token was not sent");
        }
        for (var topic : List.of(Topics.RAW_LINES, Topics.REJECTED_LINES)) {
            TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(30)).forEach(r -> seen.add(String.valueOf(
                r.value())));
        }
        TopicReader.readAll(bootstrap, Topics.INGEST_CHECKPOINTS, Duration.ofSeconds(30))
            .forEach(r -> seen.add(r.key() + " " + r.value()));
        assertNoSecret(seen);
    }

    /** Runs {@code flowpolicy ingest} over the range in its own JVM, logging at DEBUG; returns its output. */
    private String ingest(Map<String, String> env, LokiTestServer server, long from, long to, String... auth)
        throws Exception {
        Path log = Files.createTempFile(dir, "ingest", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
            "io.flowpolicy.local.FlowpolicyCommand", "ingest", "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--loki-url", server.uri().toString(), "--from", Instant.ofEpochSecond(0, from).toString(), "--to",
            Instant.ofEpochSecond(0, to).toString(),
            "--max-backoff", "100ms", "--max-attempts", "0", "--metrics-port", "0"));
        command.addAll(List.of(auth));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FLOWPOLICY_LOG_LEVEL", "DEBUG");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), () -> read(log));
        assertEquals(0, process.exitValue(), () -> read(log));
        return read(log);
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoSecret(List<String> texts) {
        for (String text : texts) {
            for (String secret : SECRETS) {
                // The wrong token sent by the test contains the real one; only a server echo would bring it back.
                assertFalse(text != null && text.contains(secret), "secret " + secret + " leaked in:\n" + text);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
