package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Checks a private key file the way the ssh transport will load it (OpenSSH or PEM form, decrypted with the
 * passphrase when it has one), so a bad key is reported at start instead of at the first push. Only the kind of
 * problem comes back: never the file's content or the parser's message, which might quote it.
 */
public final class SshKeys {

    /** Why the transport could not use a key file. */
    public enum Problem {
        /** No regular file, or not readable by this process. */
        UNREADABLE,
        /** The key is encrypted and no passphrase was given. */
        PASSPHRASE_NEEDED,
        /** The key is encrypted and the passphrase given does not decrypt it. */
        WRONG_PASSPHRASE,
        /** Not a private key in a form and of a type the transport reads (a public key, a truncated file, …). */
        NOT_A_PRIVATE_KEY
    }

    private SshKeys() {
    }

    /** What keeps the transport from using the key in {@code file}, or empty when it can. */
    public static Optional<Problem> check(Path file, Secret passphrase) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.of(Problem.UNREADABLE);
        }
        boolean[] asked = {false};
        FilePasswordProvider password = (session, resource, retry) -> {
            asked[0] = true;
            return passphrase == null ? null : new String(passphrase.value());
        };
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                in, password);
            if (keys != null && keys.iterator().hasNext()) {
                return Optional.empty();
            }
            return Optional.of(asked[0] && passphrase == null ? Problem.PASSPHRASE_NEEDED : Problem.NOT_A_PRIVATE_KEY);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The cause is dropped on purpose: parser messages may quote the key.
            if (asked[0]) {
                return Optional.of(passphrase == null ? Problem.PASSPHRASE_NEEDED : Problem.WRONG_PASSPHRASE);
            }
            return Optional.of(Problem.NOT_A_PRIVATE_KEY);
        }
    }
}
