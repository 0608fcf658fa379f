package io.flowpolicy.local;

import io.flowpolicy.sink.git.KnownHosts;
import io.flowpolicy.sink.git.Secret;
import io.flowpolicy.sink.git.SshKeys;
import io.flowpolicy.sink.git.SshSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How {@code analyze} and {@code sink} reach an ssh remote: the private key, its passphrase and the known_hosts
 * file the server's host key must be in. All of it is checked at start, so a missing or encrypted key or an
 * unlisted host fails with the option at fault and the fix, not at the first push. The passphrase, like the
 * token, comes from a file.
 */
final class GitSshOptions {
    private static final Logger LOG = LoggerFactory.getLogger(GitSshOptions.class);

    @Option(names = "--git-ssh-key-file", paramLabel = "FILE",
        description = "Private key (OpenSSH or PEM form) for an ssh remote, e.g. a deploy key. "
            + "Default: the keys ssh uses by default (id_rsa, id_ecdsa, id_ed25519, … in ~/.ssh) that exist.")
    Path keyFile;

    @Option(names = "--git-ssh-key-passphrase-file", paramLabel = "FILE",
        description = "File holding the passphrase of a passphrase-protected ssh key.")
    Path passphraseFile;

    @Option(names = "--git-known-hosts", paramLabel = "FILE",
        description = "known_hosts file that must list the ssh remote's host key; an unknown or changed key is "
            + "refused. Default: ~/.ssh/known_hosts.")
    Path knownHostsFile;

    /** The ssh options given, by name: an error when the remote is not reached over ssh. */
    List<String> given() {
        List<String> given = new ArrayList<>();
        if (keyFile != null) {
            given.add("--git-ssh-key-file");
        }
        if (passphraseFile != null) {
            given.add("--git-ssh-key-passphrase-file");
        }
        if (knownHostsFile != null) {
            given.add("--git-known-hosts");
        }
        return given;
    }

    /**
     * The settings for the ssh remote {@code location}; defaults come from {@code home}/.ssh.
     *
     * @throws IllegalArgumentException naming the option at fault and the fix
     */
    SshSettings settings(String location, Path home) {
        Path sshDir = home.resolve(SshConstants.SSH_DIR);
        Secret passphrase = passphrase();
        List<Path> keys = keyFile != null ? List.of(checkedKey(keyFile, passphrase)) : defaultKeys(sshDir, passphrase);
        return new SshSettings(keys, knownHosts(location, sshDir), passphrase);
    }

    private Secret passphrase() {
        if (passphraseFile == null) {
            return null;
        }
        if (!Files.isRegularFile(passphraseFile) || !Files.isReadable(passphraseFile)) {
            throw new IllegalArgumentException("--git-ssh-key-passphrase-file: no readable file at "
                + passphraseFile.toAbsolutePath());
        }
        return GitRepoOptions.secretIn(passphraseFile, "--git-ssh-key-passphrase-file", "passphrase");
    }

    private Path checkedKey(Path file, Secret passphrase) {
        Optional<SshKeys.Problem> problem = SshKeys.check(file, passphrase);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("--git-ssh-key-file: " + explain(file, problem.get()));
        }
        return file;
    }

    /** As ssh does: every default key that exists and can be used; those that cannot are skipped with a warning. */
    private List<Path> defaultKeys(Path sshDir, Secret passphrase) {
        List<Path> present = SshSettings.defaultIdentities(sshDir);
        List<Path> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (Path key : present) {
            Optional<SshKeys.Problem> problem = SshKeys.check(key, passphrase);
            if (problem.isEmpty()) {
                usable.add(key);
            } else {
                unusable.add(explain(key, problem.get()));
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no ssh key for the ssh remote: "
                + (present.isEmpty() ? "none of ssh's default keys (id_rsa, id_ecdsa, id_ed25519, …) is in " + sshDir
                    : String.join("; ", unusable)) + "; pass the key with --git-ssh-key-file FILE");
        }
        unusable.forEach(reason -> LOG.warn("ssh key skipped: {}", reason));
        return usable;
    }

    private String explain(Path key, SshKeys.Problem problem) {
        return switch (problem) {
            case UNREADABLE -> "no readable file at " + key.toAbsolutePath();
            case PASSPHRASE_NEEDED -> key + " is passphrase-protected; pass its passphrase in a file with "
                + "--git-ssh-key-passphrase-file FILE";
            case WRONG_PASSPHRASE -> "the passphrase in " + passphraseFile + " does not decrypt " + key;
            case NOT_A_PRIVATE_KEY -> key + " holds no private key in OpenSSH or PEM form of a supported type "
                + "(RSA, ECDSA, Ed25519); give the private key, not the .pub file";
        };
    }

    private Path knownHosts(String location, Path sshDir) {
        Path file = knownHostsFile != null ? knownHostsFile : sshDir.resolve(SshConstants.KNOWN_HOSTS);
        String option = knownHostsFile != null ? "--git-known-hosts" : "--git-known-hosts (default " + file + ")";
        URIish remote = parse(location);
        int port = remote.getPort() > 0 ? remote.getPort() : SshConstants.SSH_DEFAULT_PORT;
        String add = "check the host's key fingerprint with the git host, then add it, e.g. "
            + KnownHosts.keyscanCommand(remote.getHost(), port) + " >> " + file;
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + ": no readable file at " + file.toAbsolutePath()
                + "; the ssh remote's host key must be listed there: " + add);
        }
        try {
            if (KnownHosts.read(file).keys(remote.getHost(), port).isEmpty()) {
                throw new IllegalArgumentException(option + ": " + file + " lists no host key for "
                    + KnownHosts.hostPattern(remote.getHost(), port) + "; " + add);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static URIish parse(String location) {
        try {
            return new URIish(location);
        } catch (URISyntaxException e) {
            // Not echoed: a malformed URL may still carry a password.
            throw new IllegalArgumentException("--git-repo: not a valid ssh remote (ssh://user@host[:port]/path or "
                + "[user@]host:path)", e);
        }
    }
}
