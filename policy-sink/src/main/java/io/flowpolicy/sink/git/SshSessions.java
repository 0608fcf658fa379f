package io.flowpolicy.sink.git;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The ssh side of a remote: one JGit session factory for all fetches and pushes of a repository, configured from
 * {@link SshSettings} alone (its keys, its known_hosts file with strict checking, public-key authentication only,
 * no ssh config, no agent, no prompts). Keys are read from their files on each connection and not cached, so a
 * rotated key file applies without a restart. Close it with the repository.
 */
final class SshSessions implements AutoCloseable {
    private final SshSettings settings;
    private final String location;
    private final StrictHostKeys hostKeys;
    private final SshdSessionFactory factory;

    SshSessions(SshSettings settings, String location) {
        this.settings = settings;
        this.location = location;
        this.hostKeys = new StrictHostKeys(settings.knownHosts());
        File sshDir = settings.knownHosts().toAbsolutePath().getParent().toFile();
        this.factory = new SshdSessionFactoryBuilder()
            .setHomeDirectory(new File(System.getProperty("user.home")))
            .setSshDirectory(sshDir)
            .setConfigFile(dir -> null)
            .setDefaultIdentities(dir -> settings.identities())
            .setServerKeyDatabase((home, dir) -> hostKeys)
            .setKeyPasswordProvider(credentials -> new FixedPassphrase(settings.passphrase()))
            .setPreferredAuthentications("publickey")
            .setConnectorFactory(null)
            .build(null);
    }

    /** Hands this factory to every ssh transport of a command; other transports are left alone. */
    TransportConfigCallback configurer() {
        return transport -> {
            if (transport instanceof SshTransport ssh) {
                ssh.setSshSessionFactory(factory);
            }
        };
    }

    /** The reason of a failed fetch or push, with the fix when it is the host key or the login. */
    String describe(Exception e) {
        String refusal = hostKeys.takeRefusal();
        if (refusal != null && disconnectCode(e) == SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE) {
            return refusal;
        }
        if (disconnectCode(e) == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            return loginRefused();
        }
        return e.getMessage();
    }

    private String loginRefused() {
        String user = "(none)";
        String host = location;
        try {
            URIish uri = new URIish(location);
            user = uri.getUser();
            host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (java.net.URISyntaxException e) {
            // The clone's remote was added from this location, so it parses; if not, the whole string still says where.
        }
        List<Path> keys = settings.identities();
        return "ssh login as " + user + " to " + host + " refused: the server accepts none of the keys " + keys
            + "; register the public key (ssh-keygen -y -f KEY prints it) as a deploy key with write access, or pass "
            + "the registered key with --git-ssh-key-file";
    }

    private static int disconnectCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SshException ssh && ssh.getDisconnectCode() != 0) {
                return ssh.getDisconnectCode();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        factory.close();
    }

    /** The passphrase from the settings, offered once per key; null (no passphrase) when there is none. */
    private static final class FixedPassphrase implements KeyPasswordProvider {
        private final Secret passphrase;

        FixedPassphrase(Secret passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return passphrase == null ? null : passphrase.value();
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            // One attempt: a passphrase from a file does not get better by asking again.
        }

        @Override
        public int getAttempts() {
            return 1;
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }
}
