package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An in-process SSH server that serves the bare repositories under a directory to git, as a git host does: only
 * public-key authentication of user {@code git} with the one key it was given, and only the two commands git runs
 * ({@code git-upload-pack '<path>'}, {@code git-receive-pack '<path>'}), executed by JGit's {@link UploadPack} and
 * {@link ReceivePack}. Listens on 127.0.0.1 with a host key generated at start. Test fixture.
 */
public final class GitSshServer implements AutoCloseable {
    public static final String USER = "git";
    private static final String HOST = "127.0.0.1";
    private static final Pattern GIT_COMMAND = Pattern.compile("(git-upload-pack|git-receive-pack) '/?([^']+)'");

    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;
    private final ExecutorService commands = Executors.newCachedThreadPool();
    private final AtomicInteger refUpdates = new AtomicInteger();

    private GitSshServer(Path root, PublicKey accepted) throws GeneralSecurityException {
        this.root = root.toAbsolutePath().normalize();
        this.hostKey = generateKey();
        this.server = SshServer.setUpDefaultServer();
        server.setHost(HOST);
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
            && KeyUtils.compareKeys(accepted, key));
        server.setCommandFactory((channel, command) -> new GitCommand(command));
    }

    /** Starts a server for the bare repositories under {@code root} that lets in only {@code accepted}. */
    public static GitSshServer start(Path root, PublicKey accepted) throws IOException, GeneralSecurityException {
        GitSshServer fixture = new GitSshServer(root, accepted);
        fixture.server.start();
        return fixture;
    }

    /** A fresh client or host key (ECDSA P-256: quick to generate). */
    public static KeyPair generateKey() throws GeneralSecurityException {
        return generateKey(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    }

    /** A fresh key of an ssh key type, e.g. {@code ssh-ed25519} (256) or {@code ssh-rsa} (3072). */
    public static KeyPair generateKey(String type, int bits) throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(type, bits);
    }

    /** Writes {@code key} to {@code file} unencrypted in PEM form (PKCS#8, {@code BEGIN PRIVATE KEY}). */
    public static Path writePemPrivateKey(KeyPair key, Path file) throws IOException {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPrivate().getEncoded());
        return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    /** Writes {@code key} to {@code file} in OpenSSH form, encrypted with {@code passphrase} unless it is null. */
    public static Path writePrivateKey(KeyPair key, Path file, String passphrase)
        throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "flowpolicy-test", encryption, out);
        }
        return file;
    }

    /** The known_hosts line of {@code key} for this server's address: {@code [127.0.0.1]:<port> <type> <base64>}. */
    public String knownHostsLine(PublicKey key) {
        return "[" + HOST + "]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    /** This server's own known_hosts line. */
    public String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    public int port() {
        return server.getPort();
    }

    /** The ssh URL of the bare repository {@code name} under the root. */
    public String url(String name) {
        return "ssh://" + USER + "@" + HOST + ":" + port() + "/" + name;
    }

    /** How many refs receive-pack has updated, over all connections. */
    public int refUpdates() {
        return refUpdates.get();
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            commands.shutdownNow();
        }
    }

    private final class GitCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            // start runs on an I/O thread of the server; the pack protocol reads from the channel, so it needs its own.
            commands.execute(this::run);
        }

        private void run() {
            Matcher m = GIT_COMMAND.matcher(command);
            Path dir = m.matches() ? root.resolve(m.group(2)).normalize() : null;
            if (dir == null || !dir.startsWith(root) || !Files.isDirectory(dir)) {
                exit.onExit(128, "not a git command on a repository here: " + command);
                return;
            }
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
                if (m.group(1).equals("git-upload-pack")) {
                    new UploadPack(repo).upload(in, out, err);
                } else {
                    ReceivePack receive = new ReceivePack(repo);
                    receive.setPostReceiveHook((pack, updates) -> refUpdates.addAndGet(updates.size()));
                    receive.receive(in, out, err);
                }
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, e.toString());
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
