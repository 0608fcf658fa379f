package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static io.flowpolicy.sink.Candidates.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.sink.git.GitSshServer;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.KnownHosts;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.git.Publication;
import io.flowpolicy.sink.git.Secret;
import io.flowpolicy.sink.git.SshSettings;
import io.flowpolicy.sink.render.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The sink against a bare repository behind an in-process SSH server that lets in one deploy key, as a GitOps
 * repository usually is: pushes go through, nothing is pushed twice, and an unknown or changed host key or a
 * refused key stop the push with a reason that names the host or key and the fix, never the key itself.
 */
class PolicySinkSshIT {
    private static final CandidatePolicy AFFINE = policy("affine", "B", "learning", 3,
        service("kube-system", "kube-dns", "UDP", 53), external("1.1.1.1", "TCP", 443));
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;
    Path bare;
    KeyPair deployKey;
    GitSshServer server;
    Path knownHosts;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void startServer() throws Exception {
        bare = dir.resolve("repos/policies.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        deployKey = GitSshServer.generateKey("ssh-ed25519", 256);
        server = GitSshServer.start(dir.resolve("repos"), deployKey.getPublic());
        knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        log.start();
        logger().addAppender(log);
    }

    @AfterEach
    void stopServer() throws Exception {
        logger().detachAppender(log);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssh", "openssh-with-passphrase", "pem"})
    void shouldPushOverSshAndPushNothingWhenTheSameCandidatesComeAgain(String form) throws Exception {
        Path key = switch (form) {
            case "openssh" -> GitSshServer.writePrivateKey(deployKey, dir.resolve("id_ed25519"), null);
            case "openssh-with-passphrase" ->
                GitSshServer.writePrivateKey(deployKey, dir.resolve("id_ed25519"), PASSPHRASE);
            default -> GitSshServer.writePemPrivateKey(deployKey, dir.resolve("deploy-key.pem"));
        };
        Secret passphrase = form.endsWith("passphrase") ? Secret.of(PASSPHRASE) : null;
        Publication first;
        Publication again;
        String rendered;
        try (PolicyRepository repo = open(new SshSettings(List.of(key), knownHosts, passphrase))) {
            PolicySink sink = sink(repo);
            first = apply(sink);
            again = apply(sink);
            rendered = repo.read("namespaces/affine/calico.yaml").orElseThrow();
        }

        assertEquals(Publication.PushState.PUSHED, first.push(), warnings());
        List<RevCommit> remote = remoteLog();
        assertEquals(List.of("affine: new (tier B, learning, 2 rules)"), remote.stream().map(RevCommit::getShortMessage)
            .toList());
        assertEquals(first.commit().orElseThrow(), remote.get(0).getId().name());
        assertEquals(rendered, remoteFile(remote.get(0), "namespaces/affine/calico.yaml"));
        assertTrue(remoteFile(remote.get(0), "REPORT.md").contains("affine"));
        assertTrue(again.commit().isEmpty());
        assertEquals(Publication.PushState.PUSHED, again.push());
        assertEquals(1, server.refUpdates(), "the second apply pushed a ref");
        assertNoKeyMaterial(key, List.of(remoteFile(remote.get(0), "REPORT.md"), remote.get(0).getFullMessage(),
            warnings()));
    }

    @Test
    void shouldRefuseAHostKeyTheKnownHostsFileDoesNotListAndPushNothing() throws Exception {
        Path key = GitSshServer.writePrivateKey(deployKey, dir.resolve("id_ed25519"), null);
        // Only another port of the same address: a key is trusted for the port it was recorded with.
        Files.writeString(knownHosts, server.knownHostsLine().replace("]:" + server.port(), "]:" + (server.port() + 1))
            + "\n");

        Publication published = applyOnce(new SshSettings(List.of(key), knownHosts, null));

        assertEquals(Publication.PushState.PENDING, published.push());
        assertTrue(published.commit().isPresent(), "the commit is kept in the clone for the next run");
        assertNothingPushed();
        String host = "[127.0.0.1]:" + server.port();
        assertTrue(warnings().contains("host key of " + host + " (" + KnownHosts.fingerprint(server.hostKey())
            + ") is not in the known-hosts file " + knownHosts), warnings());
        assertTrue(warnings().contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts), warnings());
    }

    @Test
    void shouldRefuseAChangedHostKeyAndPushNothing() throws Exception {
        Path key = GitSshServer.writePrivateKey(deployKey, dir.resolve("id_ed25519"), null);
        Files.writeString(knownHosts, server.knownHostsLine(GitSshServer.generateKey().getPublic()) + "\n");

        Publication published = applyOnce(new SshSettings(List.of(key), knownHosts, null));

        assertEquals(Publication.PushState.PENDING, published.push());
        assertNothingPushed();
        assertTrue(warnings().contains("host key of [127.0.0.1]:" + server.port() + " changed: it offers "
            + KnownHosts.fingerprint(server.hostKey())), warnings());
        assertTrue(warnings().contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts),
            warnings());
    }

    @Test
    void shouldReportAKeyTheServerRefusesWithoutRevealingIt() throws Exception {
        Path key = GitSshServer.writePrivateKey(GitSshServer.generateKey("ssh-ed25519", 256),
            dir.resolve("not-a-deploy-key"), null);

        Publication published = applyOnce(new SshSettings(List.of(key), knownHosts, null));

        assertEquals(Publication.PushState.PENDING, published.push());
        assertNothingPushed();
        assertTrue(warnings().contains("ssh login as git to 127.0.0.1:" + server.port()
            + " refused: the server accepts none of the keys [" + key + "]"), warnings());
        assertNoKeyMaterial(key, List.of(warnings()));
    }

    private Publication applyOnce(SshSettings ssh) {
        try (PolicyRepository repo = open(ssh)) {
            return apply(sink(repo));
        }
    }

    private PolicyRepository open(SshSettings ssh) {
        return PolicyRepository.open(GitTarget.of(server.url("policies.git"), dir.resolve("clone"), "main", null, null,
            ssh));
    }

    private static PolicySink sink(PolicyRepository repo) {
        return new PolicySink(RenderOptions.defaults(), ReportSettings.defaults(), repo);
    }

    private static Publication apply(PolicySink sink) {
        return sink.apply(List.of(AFFINE), Map.of(), Observation.unknown());
    }

    private void assertNothingPushed() throws Exception {
        assertEquals(0, server.refUpdates());
        try (Repository repo = Git.open(bare.toFile()).getRepository()) {
            assertEquals(null, repo.resolve("refs/heads/main"));
        }
    }

    private String warnings() {
        return String.join("\n", log.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private List<RevCommit> remoteLog() throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            return commits;
        }
    }

    private String remoteFile(RevCommit commit, String path) throws Exception {
        try (Repository repo = Git.open(bare.toFile()).getRepository();
             TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
            assertTrue(walk != null, path + " not in " + commit.getName());
            return new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** No line of the key file's body, nor the passphrase, in any of the texts. */
    private static void assertNoKeyMaterial(Path key, List<String> texts) throws Exception {
        List<String> body = Files.readAllLines(key).stream().filter(l -> !l.startsWith("-----") && l.length() > 16)
            .toList();
        assertFalse(body.isEmpty());
        for (String text : texts) {
            body.forEach(line -> assertFalse(text.contains(line), "key material in:\n" + text));
            assertFalse(text.contains(PASSPHRASE), "passphrase in:\n" + text);
        }
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(PolicyRepository.class);
    }
}
