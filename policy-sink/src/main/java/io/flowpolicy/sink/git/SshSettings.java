package io.flowpolicy.sink.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.transport.SshConstants;

/**
 * How an ssh remote is reached: the private keys offered, in order, the known_hosts file that must list the
 * server's host key, and the keys' passphrase. Nothing else is read: no ssh config file, no ssh agent, and no
 * prompt ever asks to accept a key.
 *
 * @param identities private key files in OpenSSH or PEM form
 * @param knownHosts the known_hosts file; an unknown or changed host key is refused
 * @param passphrase the passphrase of the keys, or null when they have none
 */
public record SshSettings(List<Path> identities, Path knownHosts, Secret passphrase) {

    public SshSettings {
        identities = List.copyOf(identities);
        Objects.requireNonNull(knownHosts, "knownHosts");
    }

    /** What ssh would use in {@code home}: its default key files that exist, and {@code ~/.ssh/known_hosts}. */
    public static SshSettings userDefaults(Path home) {
        Path sshDir = home.resolve(SshConstants.SSH_DIR);
        return new SshSettings(defaultIdentities(sshDir), sshDir.resolve(SshConstants.KNOWN_HOSTS), null);
    }

    /** The default key files of ssh ({@code id_rsa}, {@code id_ecdsa}, {@code id_ed25519}, …) in {@code sshDir}. */
    public static List<Path> defaultIdentities(Path sshDir) {
        return Arrays.stream(SshConstants.DEFAULT_IDENTITIES).map(sshDir::resolve).filter(Files::isRegularFile)
            .toList();
    }
}
