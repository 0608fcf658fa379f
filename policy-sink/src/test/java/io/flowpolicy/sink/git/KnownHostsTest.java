package io.flowpolicy.sink.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    private static PublicKey github;
    private static PublicKey gitlab;
    private static PublicKey other;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        github = GitSshServer.generateKey("ssh-ed25519", 256).getPublic();
        gitlab = GitSshServer.generateKey().getPublic();
        other = GitSshServer.generateKey().getPublic();
    }

    @Test
    void shouldMatchAHostByNameAndPortAsKnownHostsWritesThem() throws Exception {
        KnownHosts known = read(
            "# comment, then a blank line",
            "",
            "github.com " + PublicKeyEntry.toString(github),
            "[git.example.org]:2222 " + PublicKeyEntry.toString(gitlab));

        assertEquals(KnownHosts.Match.KNOWN, known.match("github.com", 22, github));
        assertEquals(KnownHosts.Match.KNOWN, known.match("git.example.org", 2222, gitlab));
        assertEquals(KnownHosts.Match.UNKNOWN, known.match("git.example.org", 22, gitlab));
        assertEquals(KnownHosts.Match.UNKNOWN, known.match("github.com", 2222, github));
        assertEquals(KnownHosts.Match.UNKNOWN, known.match("gitlab.com", 22, gitlab));
        assertEquals(List.of(github), known.keys("github.com", 22));
    }

    @Test
    void shouldTellAChangedKeyFromAnUnknownHost() throws Exception {
        KnownHosts known = read("github.com,140.82.121.4 " + PublicKeyEntry.toString(github));

        assertEquals(KnownHosts.Match.CHANGED, known.match("github.com", 22, other));
        assertEquals(KnownHosts.Match.CHANGED, known.match("140.82.121.4", 22, other));
        assertEquals(KnownHosts.Match.UNKNOWN, known.match("ssh.github.com", 22, other));
    }

    @Test
    void shouldAcceptAnyOfSeveralKeysListedForAHost() throws Exception {
        KnownHosts known = read("github.com " + PublicKeyEntry.toString(github),
            "github.com " + PublicKeyEntry.toString(gitlab));

        assertEquals(KnownHosts.Match.KNOWN, known.match("github.com", 22, gitlab));
        assertEquals(List.of(github, gitlab), known.keys("github.com", 22));
    }

    @Test
    void shouldMatchHashedHostNames() throws Exception {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        StringBuilder hashed = new StringBuilder();
        KnownHostHashValue.append(hashed, KnownHostHashValue.DEFAULT_DIGEST, salt,
            KnownHostHashValue.calculateHashValue("git.example.org", 22, KnownHostHashValue.DEFAULT_DIGEST, salt));

        KnownHosts known = read(hashed + " " + PublicKeyEntry.toString(gitlab));

        assertEquals(KnownHosts.Match.KNOWN, known.match("git.example.org", 22, gitlab));
        assertEquals(KnownHosts.Match.CHANGED, known.match("git.example.org", 22, other));
        assertEquals(KnownHosts.Match.UNKNOWN, known.match("github.com", 22, gitlab));
    }

    @Test
    void shouldRefuseARevokedKeyEvenWhenAnotherLineListsIt() throws Exception {
        KnownHosts known = read("@revoked * " + PublicKeyEntry.toString(other),
            "github.com " + PublicKeyEntry.toString(other));

        assertEquals(KnownHosts.Match.REVOKED, known.match("github.com", 22, other));
        assertEquals(List.of(), known.keys("github.com", 22));
    }

    @Test
    void shouldSkipCertificateAuthorityLines() throws Exception {
        KnownHosts known = read("@cert-authority *.example.org " + PublicKeyEntry.toString(gitlab));

        assertEquals(KnownHosts.Match.UNKNOWN, known.match("git.example.org", 22, gitlab));
    }

    @Test
    void shouldWriteHostsAndCommandsAsSshDoes() {
        assertEquals("github.com", KnownHosts.hostPattern("github.com", 22));
        assertEquals("[127.0.0.1]:2222", KnownHosts.hostPattern("127.0.0.1", 2222));
        assertEquals("ssh-keyscan github.com", KnownHosts.keyscanCommand("github.com", 22));
        assertEquals("ssh-keyscan -p 2222 127.0.0.1", KnownHosts.keyscanCommand("127.0.0.1", 2222));
    }

    private KnownHosts read(String... lines) throws Exception {
        return KnownHosts.read(Files.write(dir.resolve("known_hosts"), List.of(lines)));
    }
}
