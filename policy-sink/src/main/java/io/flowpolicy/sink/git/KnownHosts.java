package io.flowpolicy.sink.git;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The host keys of an OpenSSH known_hosts file: plain and hashed host names, {@code [host]:port} for ports other
 * than 22, patterns, and {@code @revoked} lines. A host matches by the name it is reached by (as OpenSSH does by
 * default, without also checking its address). {@code @cert-authority} lines and keys of unsupported types are
 * skipped. Pure after {@link #read}.
 */
public final class KnownHosts {
    private static final String REVOKED = "revoked";

    /** How a server's key compares with the file. */
    public enum Match {
        /** The file lists this key for the host. */
        KNOWN,
        /** The file lists no key for the host. */
        UNKNOWN,
        /** The file lists other keys for the host, not this one: the key changed, or someone is in between. */
        CHANGED,
        /** The file marks this key {@code @revoked}. */
        REVOKED
    }

    private record Entry(KnownHostEntry host, PublicKey key, boolean revoked) {
    }

    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = entries;
    }

    /** @throws IOException when the file cannot be read */
    public static KnownHosts read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (KnownHostEntry line : KnownHostEntry.readKnownHostEntries(file)) {
            AuthorizedKeyEntry keyPart = line.getKeyEntry();
            String marker = line.getMarker();
            if (keyPart == null || (marker != null && !marker.equals(REVOKED))) {
                continue;
            }
            try {
                PublicKey key = keyPart.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null) {
                    entries.add(new Entry(line, key, REVOKED.equals(marker)));
                }
            } catch (GeneralSecurityException e) {
                // A line we cannot decode lists no key we could match; the host then reads as unknown or changed.
            }
        }
        return new KnownHosts(List.copyOf(entries));
    }

    /** The keys listed for {@code host} on {@code port}, less those revoked for it. */
    public List<PublicKey> keys(String host, int port) {
        return entries.stream().filter(e -> !e.revoked() && e.host().isHostMatch(host, port))
            .filter(e -> !revoked(host, port, e.key())).map(Entry::key).toList();
    }

    public Match match(String host, int port, PublicKey key) {
        if (revoked(host, port, key)) {
            return Match.REVOKED;
        }
        boolean listed = false;
        for (Entry e : entries) {
            if (!e.revoked() && e.host().isHostMatch(host, port)) {
                if (KeyUtils.compareKeys(e.key(), key)) {
                    return Match.KNOWN;
                }
                listed = true;
            }
        }
        return listed ? Match.CHANGED : Match.UNKNOWN;
    }

    private boolean revoked(String host, int port, PublicKey key) {
        return entries.stream().anyMatch(e -> e.revoked() && e.host().isHostMatch(host, port)
            && KeyUtils.compareKeys(e.key(), key));
    }

    /** The host as known_hosts writes it: {@code host} on port 22, else {@code [host]:port}. */
    public static String hostPattern(String host, int port) {
        return KnownHostHashValue.createHostPattern(host, port);
    }

    /** The command that prints a host's keys in known_hosts form. */
    public static String keyscanCommand(String host, int port) {
        return "ssh-keyscan " + (port == 22 ? "" : "-p " + port + " ") + host;
    }

    /** The key's type and SHA-256 fingerprint, as ssh prints them. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }
}
