package io.flowpolicy.sink.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Accepts a server only when the known_hosts file lists its host key for the name and port it is reached by: an
 * unknown, changed or revoked key is refused, never added to the file, whatever an ssh config says. The file is
 * read on each connection, so an updated file (a rotated Kubernetes Secret) applies without a restart. The reason
 * of the last refusal, naming the host and the fix, is kept for the error report.
 */
final class StrictHostKeys implements ServerKeyDatabase {
    private final Path file;
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();

    StrictHostKeys(Path file) {
        this.file = file;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        // Tells the client which host key types to ask for first: those the file lists for the host.
        SshdSocketAddress host = parse(connectAddress);
        try {
            return KnownHosts.read(file).keys(host.getHostName(), host.getPort());
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        SshdSocketAddress host = parse(connectAddress);
        KnownHosts known;
        try {
            known = KnownHosts.read(file);
        } catch (IOException e) {
            lastRefusal.set("cannot read the known-hosts file " + file + " (" + e + "), so the host key of "
                + connectAddress + " cannot be checked");
            return false;
        }
        KnownHosts.Match match = known.match(host.getHostName(), host.getPort(), serverKey);
        if (match == KnownHosts.Match.KNOWN) {
            return true;
        }
        lastRefusal.set(refusal(match, host, serverKey));
        return false;
    }

    /** The reason of the last refused host key, once; null when none was refused since the last call. */
    String takeRefusal() {
        return lastRefusal.getAndSet(null);
    }

    private String refusal(KnownHosts.Match match, SshdSocketAddress host, PublicKey serverKey) {
        String name = KnownHosts.hostPattern(host.getHostName(), host.getPort());
        String offered = KnownHosts.fingerprint(serverKey);
        String keyscan = KnownHosts.keyscanCommand(host.getHostName(), host.getPort());
        return switch (match) {
            case UNKNOWN -> "host key of " + name + " (" + offered + ") is not in the known-hosts file " + file
                + "; check the fingerprint with the git host, then add its key, e.g. " + keyscan + " >> " + file;
            case CHANGED -> "host key of " + name + " changed: it offers " + offered + " but the known-hosts file "
                + file + " lists another key for it. Someone may be intercepting the connection; if the host's key "
                + "was really replaced, remove its old line (ssh-keygen -R '" + name + "' -f " + file + ") and add "
                + "the new one after checking its fingerprint, e.g. " + keyscan + " >> " + file;
            case REVOKED -> "host key of " + name + " (" + offered + ") is marked @revoked in the known-hosts file "
                + file + "; the host must present another key";
            case KNOWN -> throw new IllegalArgumentException("a known key is not refused");
        };
    }

    private static SshdSocketAddress parse(String connectAddress) {
        // JGit passes "host" for port 22 and "[host]:port" otherwise, as known_hosts writes them.
        if (connectAddress.startsWith("[")) {
            int end = connectAddress.indexOf("]:");
            if (end > 0) {
                return new SshdSocketAddress(connectAddress.substring(1, end),
                    Integer.parseInt(connectAddress.substring(end + 2)));
            }
        }
        return new SshdSocketAddress(connectAddress, SshConstants.SSH_DEFAULT_PORT);
    }
}
