package io.flowpolicy.sink.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {
    private static KeyPair ed25519;
    private static KeyPair ecdsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        ed25519 = GitSshServer.generateKey("ssh-ed25519", 256);
        ecdsa = GitSshServer.generateKey();
    }

    @Test
    void shouldAcceptKeysInOpenSshAndPemForm() throws Exception {
        assertEquals(Optional.empty(), SshKeys.check(
            GitSshServer.writePrivateKey(ed25519, dir.resolve("id_ed25519"), null), null));
        assertEquals(Optional.empty(), SshKeys.check(
            GitSshServer.writePrivateKey(ecdsa, dir.resolve("id_ecdsa"), null), null));
        assertEquals(Optional.empty(), SshKeys.check(
            GitSshServer.writePemPrivateKey(ecdsa, dir.resolve("key.pem")), null));
    }

    @Test
    void shouldAcceptAnEncryptedKeyWithItsPassphraseOnly() throws Exception {
        Path key = GitSshServer.writePrivateKey(ed25519, dir.resolve("id_ed25519"), "s3cret-passphrase");

        assertEquals(Optional.empty(), SshKeys.check(key, Secret.of("s3cret-passphrase\n")));
        assertEquals(Optional.of(SshKeys.Problem.PASSPHRASE_NEEDED), SshKeys.check(key, null));
        assertEquals(Optional.of(SshKeys.Problem.WRONG_PASSPHRASE), SshKeys.check(key, Secret.of("wrong")));
    }

    @Test
    void shouldTellAPublicKeyOrATruncatedFileFromAMissingOne() throws Exception {
        Path publicKey = Files.writeString(dir.resolve("id_ed25519.pub"),
            org.apache.sshd.common.config.keys.PublicKeyEntry.toString(ed25519.getPublic()) + "\n");
        Path truncated = dir.resolve("truncated");
        List<String> lines = Files.readAllLines(GitSshServer.writePrivateKey(ed25519, dir.resolve("full"), null));
        Files.write(truncated, lines.subList(0, lines.size() - 2));

        assertEquals(Optional.of(SshKeys.Problem.NOT_A_PRIVATE_KEY), SshKeys.check(publicKey, null));
        assertEquals(Optional.of(SshKeys.Problem.NOT_A_PRIVATE_KEY), SshKeys.check(truncated, null));
        assertEquals(Optional.of(SshKeys.Problem.UNREADABLE), SshKeys.check(dir.resolve("absent"), null));
        assertEquals(Optional.of(SshKeys.Problem.UNREADABLE), SshKeys.check(dir, null));
    }
}
