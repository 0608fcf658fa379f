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
 * @param token    the https token, or null
 */
public record GitTarget(String location, Path workDir, String branch, String username, Secret token) {
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");
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
    }

    /** A local repository, created when absent; nothing is pushed. */
    public static GitTarget local(Path path, String branch) {
        return new GitTarget(path.toString(), path, branch, null, null);
    }

    /**
     * The target for {@code location}: remote when it is a URL, an scp-style ssh address or the path of a bare
     * repository; then the clone lives in {@code cloneDir}.
     */
    public static GitTarget of(String location, Path cloneDir, String branch, String username, Secret token) {
        if (isRemote(location)) {
            return new GitTarget(location, cloneDir, branch, username, token);
        }
        return new GitTarget(location, Path.of(location), branch, username, token);
    }

    public boolean remote() {
        return isRemote(location);
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
            + (token == null ? "none" : token) + "]";
    }
}
