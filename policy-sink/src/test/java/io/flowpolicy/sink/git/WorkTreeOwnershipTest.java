package io.flowpolicy.sink.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeOwnershipTest {
    @TempDir
    Path dir;

    private static TreeMap<String, String> policy(String text) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("namespaces/affine/calico.yaml", text);
        return files;
    }

    @Test
    void shouldCommitAgainAfterASinkKilledMidCommitLeftGitsLockFilesBehind() throws Exception {
        Path repo = dir.resolve("policy-repo");
        try (PolicyRepository first = PolicyRepository.openOrInit(repo, "main")) {
            first.publish(policy("kind: NetworkPolicy\n"), Set.of("namespaces"), previous -> "affine: new");
        }
        // What a kill -9 between JGit's lock and its commit leaves: the index and the branch locked.
        Path index = repo.resolve(".git/index.lock");
        Path branch = repo.resolve(".git/refs/heads/main.lock");
        Files.writeString(index, "");
        Files.writeString(branch, "");

        try (PolicyRepository restarted = PolicyRepository.openOrInit(repo, "main")) {
            restarted.publish(policy("kind: NetworkPolicy\nspec: {}\n"), Set.of("namespaces"),
                previous -> "affine: changed");
        }

        assertFalse(Files.exists(index));
        assertFalse(Files.exists(branch));
        try (Git git = Git.open(repo.toFile())) {
            assertEquals("affine: changed", git.log().call().iterator().next().getShortMessage());
        }
    }

    @Test
    void shouldRefuseASecondSinkOnTheSameWorkTreeAndLeaveTheFirstOnesLocksAlone() throws Exception {
        Path repo = dir.resolve("policy-repo");
        try (PolicyRepository first = PolicyRepository.openOrInit(repo, "main")) {
            Path busy = repo.resolve(".git/index.lock");
            Files.writeString(busy, "");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PolicyRepository.openOrInit(repo, "main"));

            assertTrue(e.getMessage().contains("another flowpolicy sink is writing to"), e.getMessage());
            assertTrue(e.getMessage().contains("--git-repo"), e.getMessage());
            assertTrue(Files.exists(busy));
            Files.delete(busy);
        }
        try (PolicyRepository again = PolicyRepository.openOrInit(repo, "main")) {
            assertTrue(again.head().isEmpty());
        }
    }
}
