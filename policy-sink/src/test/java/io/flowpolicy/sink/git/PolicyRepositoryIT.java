package io.flowpolicy.sink.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyRepositoryIT {
    @TempDir
    Path dir;

    @Test
    void shouldRetryAPushRejectedBecauseAnotherClonePushedAfterOurFetch() throws Exception {
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        String url = bare.toUri().toString();
        boolean[] raced = {false};
        String theirs;
        try (PolicyRepository repo = PolicyRepository.open(GitTarget.of(url, dir.resolve("clone"), "main", null, null))) {
            TreeMap<String, String> files = new TreeMap<>();
            files.put("namespaces/affine/calico.yaml", "kind: NetworkPolicy\n");
            String[] other = new String[1];
            // The message is computed between fetch and push: the one moment a concurrent push makes ours rejected.
            Publication published = repo.publish(files, Set.of("namespaces"), previous -> {
                if (!raced[0]) {
                    raced[0] = true;
                    other[0] = pushFromAnotherClone(url);
                }
                return "affine: new";
            });
            theirs = other[0];

            assertEquals(Publication.PushState.PUSHED, published.push());
        }
        List<String> subjects = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (Git git = Git.open(bare.toFile())) {
            for (RevCommit c : git.log().call()) {
                subjects.add(c.getShortMessage());
                ids.add(c.getId().name());
            }
        }
        assertEquals(List.of("affine: new", "add OWNERS"), subjects);
        assertEquals(theirs, ids.get(1));
    }

    @Test
    void shouldKeepTheThreadInterruptedWhenAnInterruptStopsAPushOrFetch() throws Exception {
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        GitTarget target = GitTarget.of(bare.toUri().toString(), dir.resolve("clone"), "main", null, null);
        try (PolicyRepository repo = PolicyRepository.open(target)) {
            repo.publish(new TreeMap<>(Map.of("namespaces/affine/calico.yaml", "kind: NetworkPolicy\n")),
                Set.of("namespaces"), previous -> "affine: new");
        }
        try (Git clone = Git.open(dir.resolve("clone").toFile());
             RemoteSync sync = new RemoteSync(clone, target)) {
            Files.writeString(dir.resolve("clone").resolve("OWNERS"), "platform-team\n");
            clone.add().addFilepattern("OWNERS").call();
            clone.commit().setMessage("owners").call();

            // JGit's transports turn an interrupt into an I/O failure and clear the thread's flag; a sink stopped
            // by an interrupt (as commands run in threads are) must still see it afterwards, or it runs on.
            Thread.currentThread().interrupt();
            RemoteSync.PushResult pushed = sync.push();
            assertTrue(Thread.interrupted(), "interrupt lost; push " + pushed);

            Thread.currentThread().interrupt();
            boolean fetched = sync.fetchAndIntegrate();
            assertTrue(Thread.interrupted(), "interrupt lost; fetched " + fetched);
        }
    }

    private String pushFromAnotherClone(String url) {
        try {
            Path other = Files.createTempDirectory(dir, "other-");
            try (Git git = Git.cloneRepository().setURI(url).setDirectory(other.toFile()).call()) {
                Files.writeString(other.resolve("OWNERS"), "platform-team\n");
                git.add().addFilepattern("OWNERS").call();
                String id = git.commit().setMessage("add OWNERS").setAuthor("someone", "someone@example.org")
                    .setCommitter("someone", "someone@example.org").call().getId().name();
                // Explicit ref: a clone of an empty repository may have an unborn default branch of another name.
                git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
                return id;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
