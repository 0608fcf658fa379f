package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static io.flowpolicy.sink.Candidates.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that is reachable but refuses the push for a reason other than a moved branch (here a held ref lock; a
 * protected branch or a failing server hook look the same to the client): the commit stays in the clone, nothing
 * throws, and the next round pushes it once.
 */
class RejectedPushIT {
    private static final CandidatePolicy AFFINE_1 = policy("affine", "B", "learning", 3,
        service("kube-system", "kube-dns", "UDP", 53));
    private static final CandidatePolicy AFFINE_2 = policy("affine", "B", "learning", 4,
        service("kube-system", "kube-dns", "UDP", 53), external("1.1.1.1", "TCP", 443));

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheCommitWhileTheRemoteRefusesThePushAndPushItOnceAfterwards() throws Exception {
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        try (PolicyRepository repo = PolicyRepository.open(GitTarget.of(bare.toUri().toString(), dir.resolve("clone"),
            "main", null, null))) {
            PolicySink sink = new PolicySink(RenderOptions.defaults(), ReportSettings.defaults(), repo);
            assertEquals(Publication.PushState.PUSHED, apply(sink, AFFINE_1).push());
            Path lock = Files.writeString(bare.resolve("refs/heads/main.lock"), "held by someone else\n");

            Publication refused = apply(sink, AFFINE_2);

            assertTrue(refused.commit().isPresent());
            assertEquals(Publication.PushState.PENDING, refused.push());
            assertEquals(1, remoteLog(bare).size());
            Files.delete(lock);

            Publication retried = apply(sink, AFFINE_2);

            assertTrue(retried.commit().isEmpty(), "no second commit for the same change");
            assertEquals(Publication.PushState.PUSHED, retried.push());
        }
        assertEquals(List.of("affine: +1 peer (external:1.1.1.1 TCP/443)", "affine: new (tier B, learning, 1 rule)"),
            remoteLog(bare).stream().map(RevCommit::getShortMessage).toList());
    }

    private static Publication apply(PolicySink sink, CandidatePolicy... candidates) {
        return sink.apply(List.of(candidates), Map.of(), Observation.unknown());
    }

    private static List<RevCommit> remoteLog(Path bare) throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> log = new ArrayList<>();
            git.log().call().forEach(log::add);
            return log;
        }
    }
}
