package io.flowpolicy.sink.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitTargetTest {

    @Test
    void shouldNeverPrintTheToken() {
        GitTarget target = GitTarget.of("https://git.example.org/ops/policies.git", Path.of("clone"), "main", null,
            Secret.of("ghp_secret123\n"));

        assertFalse(target.toString().contains("ghp_secret123"), target.toString());
        assertEquals("ghp_secret123", new String(target.token().value()));
        assertEquals("x-access-token", target.effectiveUsername());
    }

    @Test
    void shouldRejectAPasswordInTheUrlWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GitTarget.of(
            "https://bot:ghp_secret123@git.example.org/ops/policies.git", Path.of("clone"), "main", null, null));

        assertFalse(e.getMessage().contains("ghp_secret123"), e.getMessage());
    }

    @Test
    void shouldTellRemoteUrlsFromLocalPaths() {
        assertTrue(GitTarget.of("git@github.com:ops/policies.git", Path.of("c"), "main", null, null).remote());
        assertTrue(GitTarget.of("ssh://git@host:22/policies.git", Path.of("c"), "main", null, null).remote());
        assertTrue(GitTarget.of("file:///srv/policies.git", Path.of("c"), "main", null, null).remote());
        GitTarget local = GitTarget.of("target/no-such-policy-repo", Path.of("c"), "main", null, null);
        assertFalse(local.remote());
        assertEquals(Path.of("target/no-such-policy-repo"), local.workDir());
    }

    @Test
    void shouldTellSshRemotesFromOthers() {
        assertTrue(GitTarget.isSsh("git@github.com:ops/policies.git"));
        assertTrue(GitTarget.isSsh("ssh://git@git.example.org:2222/ops/policies.git"));
        assertTrue(GitTarget.isSsh("git+ssh://git@git.example.org/ops/policies.git"));
        assertFalse(GitTarget.isSsh("https://git.example.org/ops/policies.git"));
        assertFalse(GitTarget.isSsh("file:///srv/policies.git"));
        assertFalse(GitTarget.isSsh("/srv/policies.git"));
    }

    @Test
    void shouldTakeAHostColonPathWithoutAUserAsSshAsGitDoes() {
        assertTrue(GitTarget.isSsh("git.example.org:ops/policies.git"));
        assertTrue(GitTarget.isSsh("[fd00::7]:ops/policies.git"));
        assertTrue(GitTarget.of("git.example.org:ops/policies.git", Path.of("c"), "main", null, null).remote());
        // A colon after a slash is a local path, as with git: "./" keeps a relative path with a colon local.
        assertFalse(GitTarget.isSsh("./policies:v2"));
        assertFalse(GitTarget.isSsh("/srv/policies:v2"));
        assertFalse(GitTarget.of("target/policies:v2", Path.of("c"), "main", null, null).remote());
    }

    @Test
    void shouldRefuseATokenForAnSshRemoteAndSshSettingsForAnotherOne() {
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () -> GitTarget.of(
            "git@github.com:ops/policies.git", Path.of("c"), "main", null, Secret.of("ghp_secret123")));
        SshSettings ssh = new SshSettings(List.of(Path.of("id_ed25519")), Path.of("known_hosts"), null);
        IllegalArgumentException settings = assertThrows(IllegalArgumentException.class, () -> GitTarget.of(
            "https://git.example.org/ops/policies.git", Path.of("c"), "main", null, null, ssh));

        assertFalse(token.getMessage().contains("ghp_secret123"), token.getMessage());
        assertTrue(token.getMessage().contains("--git-ssh-key-file"), token.getMessage());
        assertTrue(settings.getMessage().contains("not reached over ssh"), settings.getMessage());
    }

    @Test
    void shouldNeverPrintTheKeyPassphrase() {
        SshSettings ssh = new SshSettings(List.of(Path.of("/keys/deploy")), Path.of("/keys/known_hosts"),
            Secret.of("passphrase-S3CRET"));
        GitTarget target = GitTarget.of("git@github.com:ops/policies.git", Path.of("c"), "main", null, null, ssh);

        assertFalse(target.toString().contains("passphrase-S3CRET"), target.toString());
        assertTrue(target.toString().contains("/keys/deploy"), target.toString());
    }
}
