package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.sink.git.GitSshServer;
import io.flowpolicy.sink.git.GitTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The git options of {@code analyze} and {@code sink} for an ssh remote: what they resolve to, and the bad
 * configurations that fail at start naming the option and the fix, without any connection.
 */
class GitSshOptionsTest {
    private static final String REMOTE = "ssh://git@git.example.org:2222/ops/policies.git";
    private static final String SCP_REMOTE = "git@git.example.org:ops/policies.git";
    private static KeyPair key;

    @TempDir
    Path dir;
    Path home;
    Path knownHosts;
    Path keyFile;

    @Command
    static final class Holder {
        @Mixin
        GitRepoOptions git;
    }

    @BeforeAll
    static void generate() throws Exception {
        key = GitSshServer.generateKey("ssh-ed25519", 256);
    }

    @BeforeEach
    void files() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        String hostKey = PublicKeyEntry.toString(GitSshServer.generateKey().getPublic());
        knownHosts = Files.write(dir.resolve("known_hosts"), List.of("[git.example.org]:2222 " + hostKey,
            "git.example.org " + hostKey));
        keyFile = GitSshServer.writePrivateKey(key, dir.resolve("deploy-key"), null);
    }

    @Test
    void shouldUseTheKeyAndKnownHostsGivenAndIgnoreTheTokenVariable() {
        GitTarget target = target(Map.of(GitRepoOptions.TOKEN_ENV, "ghp_env"), "--git-repo", REMOTE,
            "--git-ssh-key-file", keyFile.toString(), "--git-known-hosts", knownHosts.toString());

        assertEquals(List.of(keyFile), target.ssh().identities());
        assertEquals(knownHosts, target.ssh().knownHosts());
        assertNull(target.ssh().passphrase());
        assertNull(target.token());
        assertEquals(dir.resolve("clone"), target.workDir());
    }

    @Test
    void shouldDefaultToTheUsableKeysAndKnownHostsOfTheUsersSshDirectory() throws Exception {
        Path sshDir = Files.createDirectories(home.resolve(".ssh"));
        Files.copy(knownHosts, sshDir.resolve("known_hosts"));
        Path ed25519 = GitSshServer.writePrivateKey(key, sshDir.resolve("id_ed25519"), null);
        GitSshServer.writePrivateKey(GitSshServer.generateKey(), sshDir.resolve("id_ecdsa"), "a passphrase");

        GitTarget target = target(Map.of(), "--git-repo", SCP_REMOTE);

        assertEquals(List.of(ed25519), target.ssh().identities(), "the encrypted id_ecdsa is skipped");
        assertEquals(sshDir.resolve("known_hosts"), target.ssh().knownHosts());
    }

    @Test
    void shouldAcceptAPassphraseProtectedKeyWithItsPassphraseFile() throws Exception {
        Path encrypted = GitSshServer.writePrivateKey(key, dir.resolve("encrypted-key"), "pass-S3CRET");
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "pass-S3CRET\n");

        GitTarget target = target(Map.of(), "--git-repo", REMOTE, "--git-ssh-key-file", encrypted.toString(),
            "--git-ssh-key-passphrase-file", passphrase.toString(), "--git-known-hosts", knownHosts.toString());

        assertEquals(List.of(encrypted), target.ssh().identities());
        assertFalse(target.toString().contains("pass-S3CRET"), target.toString());
    }

    @Test
    void shouldNameTheKeyOptionAndTheFixForAKeyThatCannotBeUsed() throws Exception {
        Path encrypted = GitSshServer.writePrivateKey(key, dir.resolve("encrypted-key"), "pass-S3CRET");
        Path wrong = Files.writeString(dir.resolve("wrong-passphrase"), "not-it\n");
        Path publicKey = Files.writeString(dir.resolve("deploy-key.pub"), PublicKeyEntry.toString(key.getPublic()));

        assertEquals("--git-ssh-key-file: no readable file at " + dir.resolve("absent").toAbsolutePath(),
            failure("--git-repo", REMOTE, "--git-ssh-key-file", dir.resolve("absent").toString()));
        assertEquals("--git-ssh-key-file: " + encrypted + " is passphrase-protected; pass its passphrase in a file "
            + "with --git-ssh-key-passphrase-file FILE", failure("--git-repo", REMOTE, "--git-ssh-key-file",
            encrypted.toString()));
        assertEquals("--git-ssh-key-file: the passphrase in " + wrong + " does not decrypt " + encrypted,
            failure("--git-repo", REMOTE, "--git-ssh-key-file", encrypted.toString(), "--git-ssh-key-passphrase-file",
                wrong.toString()));
        assertTrue(failure("--git-repo", REMOTE, "--git-ssh-key-file", publicKey.toString())
            .endsWith("give the private key, not the .pub file"));
        assertEquals("--git-ssh-key-passphrase-file: " + wrong + " is empty", failure("--git-repo", REMOTE,
            "--git-ssh-key-file", keyFile.toString(), "--git-ssh-key-passphrase-file",
            Files.writeString(wrong, "\n").toString()));
    }

    @Test
    void shouldAskForAKeyWhenTheUserHasNone() {
        assertEquals("no ssh key for the ssh remote: none of ssh's default keys (id_rsa, id_ecdsa, id_ed25519, …) is "
            + "in " + home.resolve(".ssh") + "; pass the key with --git-ssh-key-file FILE",
            failure("--git-repo", REMOTE, "--git-known-hosts", knownHosts.toString()));
    }

    @Test
    void shouldRequireTheHostKeyInTheKnownHostsFile() throws Exception {
        Path defaultFile = home.resolve(".ssh/known_hosts");
        Path otherHost = Files.writeString(dir.resolve("other_hosts"),
            "github.com " + PublicKeyEntry.toString(key.getPublic()) + "\n");

        assertEquals("--git-known-hosts (default " + defaultFile + "): no readable file at "
            + defaultFile.toAbsolutePath() + "; the ssh remote's host key must be listed there: check the host's key "
            + "fingerprint with the git host, then add it, e.g. ssh-keyscan -p 2222 git.example.org >> " + defaultFile,
            failure("--git-repo", REMOTE, "--git-ssh-key-file", keyFile.toString()));
        assertEquals("--git-known-hosts: " + otherHost + " lists no host key for [git.example.org]:2222; check the "
            + "host's key fingerprint with the git host, then add it, e.g. ssh-keyscan -p 2222 git.example.org >> "
            + otherHost, failure("--git-repo", REMOTE, "--git-ssh-key-file", keyFile.toString(), "--git-known-hosts",
            otherHost.toString()));
        assertTrue(failure("--git-repo", "git@github.com:ops/policies.git", "--git-ssh-key-file", keyFile.toString(),
            "--git-known-hosts", knownHosts.toString()).contains("lists no host key for github.com; check the host's "
            + "key fingerprint with the git host, then add it, e.g. ssh-keyscan github.com >> " + knownHosts));
        // Without a user, as git takes it: ssh to the host, with the user name ssh would use.
        assertTrue(failure("--git-repo", "github.com:ops/policies.git", "--git-ssh-key-file", keyFile.toString(),
            "--git-known-hosts", knownHosts.toString()).contains("lists no host key for github.com;"));
    }

    @Test
    void shouldRefuseOptionsOfTheOtherTransport() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "ghp_S3CRET\n");

        assertEquals("--git-token-file: for https remotes only; an ssh remote authenticates with a key "
            + "(--git-ssh-key-file FILE) and takes its user from the URL (git@host:path)",
            failure("--git-repo", REMOTE, "--git-token-file", token.toString()));
        assertTrue(failure("--git-repo", SCP_REMOTE, "--git-username", "oauth2")
            .startsWith("--git-username: for https remotes only"));
        assertEquals("--git-ssh-key-file, --git-known-hosts: for ssh remotes only, and --git-repo is not one "
            + "(ssh://user@host/path or [user@]host:path)", failure("--git-repo", "https://git.example.org/ops/p.git",
            "--git-ssh-key-file", keyFile.toString(), "--git-known-hosts", knownHosts.toString()));
        assertTrue(failure("--git-ssh-key-file", keyFile.toString()).startsWith("--git-ssh-key-file: for ssh remotes"),
            "the default repository is a local path");
    }

    @Test
    void shouldFailAnalyzeAndSinkAtStartWithTheMessage() throws Exception {
        Path flows = Files.writeString(dir.resolve("flows.jsonl"), "");
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "");
        List<String> ssh = List.of("--git-repo", REMOTE, "--git-ssh-key-file", dir.resolve("absent").toString());
        List<List<String>> commands = List.of(
            List.of("analyze", "--flows", flows.toString(), "--inventory", inventory.toString(), "--out",
                dir.resolve("out").toString()),
            // Nothing listens there: a sink that got past validation would not exit.
            List.of("sink", "--bootstrap-servers", "127.0.0.1:1", "--metrics-port", "0"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.addAll(ssh);
            StringWriter err = new StringWriter();
            CommandLine cli = FlowpolicyCommand.commandLine();
            cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));

            assertEquals(2, cli.execute(args.toArray(String[]::new)), err.toString());
            assertTrue(err.toString().contains("--git-ssh-key-file: no readable file at "), err.toString());
        }
    }

    private GitTarget target(Map<String, String> env, String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.git.target(dir.resolve("local-repo"), dir.resolve("clone"), env, home);
    }

    private String failure(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> target(Map.of(), args)).getMessage();
    }
}
