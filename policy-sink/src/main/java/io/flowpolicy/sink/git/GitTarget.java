package io.flowpolicy.sink.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * Where the policies go: a local working tree, or a remote repository (https, ssh, file URL, or the path of a bare
 * repository) cloned into {@code workDir} and pushed to.
 *
 * @param location a local path or a remote URL; never holds a password (use {@code token})
 * @param workDir  the local working tree: the location itself when it is local, otherwise the clone
 * @param branch   the branch committed to and pushed
 * @param username the user name sent with the token over https; {@code x-access-token} when null
 * @param token    the https token, or null; never set for an ssh remote
 * @param ssh      keys and known_hosts of an ssh remote; null for other targets, and for an ssh remote means
 *                 {@link SshSettings#userDefaults the user's ~/.ssh defaults}
 */
public record GitTarget(String location, Path workDir, String branch, String username, Secret token,
                        SshSettings ssh) {
    /**
     * git's scp-like syntax, {@code [user@]host:path}: a colon with no slash before it and none right after it (a
     * URL's {@code ://}). This is git's own rule, so a local path with a colon in its first part must start with
     * {@code ./}, as with git.
     */
    private static final Pattern SCP_LIKE =
        Pattern.compile("([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+|\\[[^/\\]]+\\]):(?!//).*");
    private static final Pattern SSH_URL = Pattern.compile("^(ssh|git\\+ssh|ssh\\+git)://.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@");
    private static final String DEFAULT_USERNAME = "x-access-token";

    public GitTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(branch, "branch");
        if (branch.isBlank() || branch.contains("..") || branch.startsWith("-") || branch.contains(" ")) {
            throw new IllegalArgumentException("invalid branch name: " + branch);
        }
        if (hasPasswordInUrl(location)) {
            throw new IllegalArgumentException("--git-repo must not carry a password or token in the URL ("
                + redact(location) + "); pass it with --git-token-file or FLOWPOLICY_GIT_TOKEN");
        }
        if (isSsh(location) && token != null) {
            throw new IllegalArgumentException("a git token is for https remotes; " + redact(location)
                + " is reached over ssh and authenticates with a key (--git-ssh-key-file)");
        }
        if (ssh != null && !isSsh(location)) {
            throw new IllegalArgumentException("ssh settings for a remote that is not reached over ssh: "
                + redact(location));
        }
    }

    /** A local repository, created when absent; nothing is pushed. */
    public static GitTarget local(Path path, String branch) {
        return new GitTarget(path.toString(), path, branch, null, null, null);
    }

    /**
     * The target for {@code location}: remote when it is a URL, an scp-style ssh address or the path of a bare
     * repository; then the clone lives in {@code cloneDir}.
     */
    public static GitTarget of(String location, Path cloneDir, String branch, String username, Secret token) {
        return of(location, cloneDir, branch, username, token, null);
    }

    /** As {@link #of(String, Path, String, String, Secret)}, with the keys and known_hosts of an ssh remote. */
    public static GitTarget of(String location, Path cloneDir, String branch, String username, Secret token,
                               SshSettings ssh) {
        if (isRemote(location)) {
            return new GitTarget(location, cloneDir, branch, username, token, ssh);
        }
        return new GitTarget(location, Path.of(location), branch, username, token, ssh);
    }

    public boolean remote() {
        return isRemote(location);
    }

    /**
     * Whether {@code location} is reached over ssh: an {@code ssh://} (or {@code git+ssh://}) URL, or scp-style
     * {@code [user@]host:path}.
     */
    public static boolean isSsh(String location) {
        return SSH_URL.matcher(location).matches() || SCP_LIKE.matcher(location).matches();
    }

    /** The user name to send with the token. */
    public String effectiveUsername() {
        return username == null || username.isBlank() ? DEFAULT_USERNAME : username;
    }

    /** The location as safe to print: any user information of a URL is dropped. */
    public String displayLocation() {
        return redact(location);
    }

    static boolean isRemote(String location) {
        if (location.contains("://") || SCP_LIKE.matcher(location).matches()) {
            return true;
        }
        Path path = Path.of(location);
        return Files.isDirectory(path) && !Files.exists(path.resolve(".git"))
            && RepositoryCache.FileKey.isGitRepository(path.toFile(), FS.DETECTED);
    }

    private static boolean hasPasswordInUrl(String location) {
        return PASSWORD_IN_URL.matcher(location).find();
    }

    private static String redact(String location) {
        int scheme = location.indexOf("://");
        int at = location.indexOf('@');
        int slash = scheme < 0 ? -1 : location.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return location.substring(0, scheme + 3) + "***@" + location.substring(at + 1);
        }
        return location;
    }

    @Override
    public String toString() {
        return "GitTarget[" + displayLocation() + ", workDir=" + workDir + ", branch=" + branch + ", token="
            + (token == null ? "none" : token) + (ssh == null ? "" : ", " + ssh) + "]";
    }
}
