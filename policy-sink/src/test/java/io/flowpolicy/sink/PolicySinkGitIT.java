package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static io.flowpolicy.sink.Candidates.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.git.Publication;
import io.flowpolicy.sink.render.RenderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a bare repository on disk, reached through a file:// URL as a real remote would be. */
class PolicySinkGitIT {
    private static final CandidatePolicy AFFINE_1 = policy("affine", "B", "learning", 3,
        service("kube-system", "kube-dns", "UDP", 53));
    private static final CandidatePolicy AFFINE_2 = policy("affine", "B", "learning", 4,
        service("kube-system", "kube-dns", "UDP", 53), external("1.1.1.1", "TCP", 443));
    private static final CandidatePolicy NEXTCLOUD_LEARNING = policy("nextcloud", "B", "learning", 3,
        external("93.184.216.34", "TCP", 443));
    private static final CandidatePolicy NEXTCLOUD_STABLE = policy("nextcloud", "B", "stable", 3,
        external("93.184.216.34", "TCP", 443));

    @TempDir
    Path dir;
    Path bare;

    @BeforeEach
    void createBareRemote() throws Exception {
        bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    }

    @Test
    void shouldCommitOncePerRoundOfChangesWithMessagesListingThem() throws Exception {
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            Publication first = apply(sink, AFFINE_1, NEXTCLOUD_LEARNING);
            Publication unchanged = apply(sink, AFFINE_1, NEXTCLOUD_LEARNING);
            Publication second = apply(sink, AFFINE_2, NEXTCLOUD_LEARNING);
            Publication third = apply(sink, AFFINE_2, NEXTCLOUD_STABLE);

            assertTrue(first.commit().isPresent());
            assertEquals(Publication.PushState.PUSHED, first.push());
            assertTrue(unchanged.commit().isEmpty());
            assertTrue(second.commit().isPresent());
            assertTrue(third.commit().isPresent());
        }
        List<RevCommit> log = remoteLog();
        assertEquals(List.of("nextcloud: learning → stable", "affine: +1 peer (external:1.1.1.1 TCP/443)",
            "flowpolicy: 2 namespaces changed (affine, nextcloud)"), subjects(log));
        assertTrue(log.get(2).getFullMessage().contains("affine: new (tier B, learning, 1 rule)"));
        assertTrue(log.get(2).getFullMessage().contains("added    namespaces/nextcloud/calico.yaml"));
    }

    /** A long-running sink commits for weeks: each commit carries the time it was made. */
    @Test
    void shouldDateEachCommitWhenItIsMade() throws Exception {
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            apply(sink, AFFINE_1);
            long firstSecond = remoteLog().get(0).getCommitTime();
            // Git keeps whole seconds: wait for the next one (poll, with a deadline) before the second commit.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (System.currentTimeMillis() / 1000 <= firstSecond && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long before = System.currentTimeMillis() / 1000;

            apply(sink, AFFINE_2);

            RevCommit second = remoteLog().get(0);
            assertTrue(second.getCommitTime() >= before, second.getCommitTime() + " < " + before);
            assertTrue(second.getAuthorIdent().getWhenAsInstant().getEpochSecond() >= before);
        }
    }

    @Test
    void shouldRemoveTheFilesOfANamespaceWhoseCandidateDisappeared() throws Exception {
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            apply(sink, AFFINE_1, NEXTCLOUD_LEARNING);
            apply(sink, AFFINE_1);

            assertFalse(Files.exists(repo.workTree().resolve("namespaces/nextcloud")));
        }
        RevCommit last = remoteLog().get(0);
        assertEquals("nextcloud: removed", last.getShortMessage());
        assertTrue(last.getFullMessage().contains("removed  namespaces/nextcloud/calico.yaml"));
    }

    @Test
    void shouldLeaveTheRepositoryAsItWasWhenThereIsNoCandidateAtAll() throws Exception {
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            Publication first = apply(sink, AFFINE_1, NEXTCLOUD_LEARNING);

            Publication nothing = apply(sink);

            assertTrue(nothing.commit().isEmpty());
            assertEquals(first.head(), nothing.head());
            assertTrue(Files.exists(repo.workTree().resolve("namespaces/affine/calico.yaml")));
            assertTrue(Files.exists(repo.workTree().resolve("namespaces/nextcloud/calico.yaml")));
        }
        assertEquals(1, remoteLog().size());
    }

    @Test
    void shouldStillPushAnEarlierCommitWhenThereIsNoCandidate() throws Exception {
        Path away = dir.resolve("remote-away.git");
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            apply(sink, AFFINE_1);
            Files.move(bare, away);
            Publication offline = apply(sink, AFFINE_2);
            Files.move(away, bare);

            Publication nothing = apply(sink);

            assertEquals(Publication.PushState.PUSHED, nothing.push());
            assertTrue(nothing.commit().isEmpty());
            assertEquals(offline.commit(), nothing.head());
        }
        assertEquals(List.of("affine: +1 peer (external:1.1.1.1 TCP/443)", "affine: new (tier B, learning, 1 rule)"),
            subjects(remoteLog()));
    }

    @Test
    void shouldIntegrateACommitPushedByAnotherCloneWithoutForcing() throws Exception {
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            apply(sink, AFFINE_1);
            String theirs = pushFromAnotherClone("OWNERS", "platform-team\n");

            Publication ours = apply(sink, AFFINE_2);

            assertEquals(Publication.PushState.PUSHED, ours.push());
            assertTrue(Files.exists(repo.workTree().resolve("OWNERS")));
            List<RevCommit> log = remoteLog();
            assertEquals(3, log.size());
            assertEquals(theirs, log.get(1).getId().name());
            assertEquals("affine: +1 peer (external:1.1.1.1 TCP/443)", log.get(0).getShortMessage());
        }
    }

    @Test
    void shouldKeepTheCommitWhileTheRemoteIsUnreachableAndPushItOnceWithoutDuplicating() throws Exception {
        Path away = dir.resolve("remote-away.git");
        String theirs;
        try (PolicyRepository repo = clone("clone")) {
            PolicySink sink = sink(repo);
            apply(sink, AFFINE_1);
            Files.move(bare, away);

            Publication offline = apply(sink, AFFINE_2);

            assertTrue(offline.commit().isPresent());
            assertEquals(Publication.PushState.PENDING, offline.push());
            Files.move(away, bare);
            assertEquals(1, remoteLog().size());
            theirs = pushFromAnotherClone("OWNERS", "platform-team\n");

            Publication back = apply(sink, AFFINE_2);

            assertTrue(back.commit().isEmpty());
            assertEquals(Publication.PushState.PUSHED, back.push());
        }
        List<RevCommit> log = remoteLog();
        assertEquals(List.of("affine: +1 peer (external:1.1.1.1 TCP/443)", "add OWNERS", "affine: new (tier B, learning, 1 rule)"),
            subjects(log));
        assertEquals(theirs, log.get(1).getId().name());
    }

    @Test
    void shouldCommitNothingWhenAFreshCloneRendersWhatTheRemoteAlreadyHolds() throws Exception {
        try (PolicyRepository repo = clone("first")) {
            apply(sink(repo), AFFINE_1, NEXTCLOUD_LEARNING);
        }
        try (PolicyRepository repo = clone("second")) {
            Publication again = apply(sink(repo), AFFINE_1, NEXTCLOUD_LEARNING);

            assertTrue(again.commit().isEmpty());
            assertEquals(Publication.PushState.PUSHED, again.push());
        }
        assertEquals(1, remoteLog().size());
    }

    private PolicyRepository clone(String name) {
        return PolicyRepository.open(GitTarget.of(bare.toUri().toString(), dir.resolve(name), "main", null, null));
    }

    private static PolicySink sink(PolicyRepository repo) {
        return new PolicySink(RenderOptions.defaults(), ReportSettings.defaults(), repo);
    }

    private static Publication apply(PolicySink sink, CandidatePolicy... candidates) {
        return sink.apply(List.of(candidates), Map.of(), Observation.unknown());
    }

    private String pushFromAnotherClone(String file, String content) throws Exception {
        Path other = Files.createTempDirectory(dir, "other-");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(other.toFile()).call()) {
            Files.writeString(other.resolve(file), content);
            git.add().addFilepattern(file).call();
            String id = git.commit().setMessage("add " + file).setAuthor("someone", "someone@example.org")
                .setCommitter("someone", "someone@example.org").call().getId().name();
            git.push().call();
            return id;
        }
    }

    private List<RevCommit> remoteLog() throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> log = new ArrayList<>();
            git.log().call().forEach(log::add);
            return log;
        }
    }

    private static List<String> subjects(List<RevCommit> log) {
        return log.stream().map(RevCommit::getShortMessage).toList();
    }
}
