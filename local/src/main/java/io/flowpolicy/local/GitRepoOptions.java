package io.flowpolicy.local;

import io.flowpolicy.sink.ReportSettings;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.Secret;
import io.flowpolicy.sink.render.Format;
import io.flowpolicy.sink.render.NetworkSets;
import io.flowpolicy.sink.render.RenderOptions;
import io.flowpolicy.sink.render.TierDPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code analyze} and {@code sink}: where the policies go and how they are rendered. The token
 * is read from a file or the environment, never from the command line, so it stays out of shell history and
 * process listings. An https remote authenticates with the token, an ssh remote with a key ({@link GitSshOptions});
 * options of the one given for the other are refused.
 */
final class GitRepoOptions {
    static final String TOKEN_ENV = "FLOWPOLICY_GIT_TOKEN";

    @Option(names = "--git-repo", paramLabel = "PATH|URL",
        description = "Policy repository: a local path (created when absent) or a remote (https://, ssh://, "
            + "[user@]host:path, file://, or a bare repository's path) that is cloned and pushed to.")
    String gitRepo;

    @Option(names = "--git-workdir", paramLabel = "DIR",
        description = "Where a remote repository is cloned. Default: <out>/policy-repo (analyze), "
            + "flowpolicy-sink/policy-repo (sink).")
    Path gitWorkdir;

    @Option(names = "--branch", defaultValue = "main",
        description = "Branch committed to and pushed. Default: ${DEFAULT-VALUE}.")
    String branch;

    @Option(names = "--git-token-file", paramLabel = "FILE",
        description = "File holding the https token (else $" + TOKEN_ENV + ", which an ssh remote ignores).")
    Path tokenFile;

    @Option(names = "--git-username", paramLabel = "NAME",
        description = "User name sent with the token. Default: x-access-token.")
    String username;

    @Mixin
    GitSshOptions ssh;

    @Option(names = "--formats", split = ",", defaultValue = "calico", paramLabel = "FORMAT",
        description = "Policy formats, comma-separated: calico, kubernetes, cilium. Default: ${DEFAULT-VALUE}.")
    List<String> formats;

    @Option(names = "--tier-d", defaultValue = "log-allow", paramLabel = "MODE",
        description = "Tier D namespaces get log-allow (log, then allow) or port-only. Default: ${DEFAULT-VALUE}.")
    String tierD;

    @Option(names = "--network-sets", paramLabel = "FILE",
        description = "Extra network sets (own YAML, AWS ip-ranges.json or GCP cloud.json); repeatable.")
    List<Path> networkSets = new ArrayList<>();

    @Option(names = "--fold-min-peers", defaultValue = "0", paramLabel = "N",
        description = "Fold N or more external IPv4 peers of one /24 into the prefix; 0 = off. Default: ${DEFAULT-VALUE}.")
    int foldMinPeers;

    @Option(names = "--allow-same-namespace", defaultValue = "true", arity = "1", paramLabel = "true|false",
        description = "Allow all egress to the namespace itself. Default: ${DEFAULT-VALUE}.")
    boolean allowSameNamespace;

    @Option(names = "--batch-size", defaultValue = "4", paramLabel = "N",
        description = "Namespaces per rollout batch in REPORT.md. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--expect-namespaces", split = ",", paramLabel = "NS",
        description = "Namespaces the observation policy selects; REPORT.md lists those never seen.")
    List<String> expectedNamespaces = new ArrayList<>();

    /**
     * @param defaultLocal the repository when --git-repo is absent
     * @param defaultClone the clone directory of a remote when --git-workdir is absent
     * @throws IllegalArgumentException naming the option at fault
     */
    GitTarget target(Path defaultLocal, Path defaultClone, Map<String, String> env) {
        return target(defaultLocal, defaultClone, env, Path.of(System.getProperty("user.home")));
    }

    /** As {@link #target(Path, Path, Map)}, with ssh's defaults (keys, known_hosts) under {@code home}/.ssh. */
    GitTarget target(Path defaultLocal, Path defaultClone, Map<String, String> env, Path home) {
        String location = gitRepo != null ? gitRepo : defaultLocal.toString();
        Path clone = gitWorkdir != null ? gitWorkdir : defaultClone;
        if (!GitTarget.isSsh(location)) {
            if (!ssh.given().isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", ssh.given()) + ": for ssh remotes only, and "
                    + "--git-repo is not one (ssh://user@host/path or [user@]host:path)");
            }
            return GitTarget.of(location, clone, branch, username, token(env));
        }
        if (tokenFile != null || username != null) {
            throw new IllegalArgumentException((tokenFile != null ? "--git-token-file" : "--git-username")
                + ": for https remotes only; an ssh remote authenticates with a key (--git-ssh-key-file FILE) "
                + "and takes its user from the URL (git@host:path)");
        }
        // $FLOWPOLICY_GIT_TOKEN may be set for every command of a deployment; an ssh remote has no use for it.
        return GitTarget.of(location, clone, branch, null, null, ssh.settings(location, home));
    }

    private Secret token(Map<String, String> env) {
        if (tokenFile != null) {
            return secretIn(tokenFile, "--git-token-file", "token");
        }
        String fromEnv = env.get(TOKEN_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Secret.of(fromEnv);
    }

    /**
     * The secret {@code file} holds (a token, a passphrase), read as the value of {@code option}.
     *
     * @throws IllegalArgumentException naming the option, when the file cannot be read or is empty
     */
    static Secret secretIn(Path file, String option, String what) {
        try {
            return Secret.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + " (" + e
                + "); point it at a readable file that holds the " + what, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + file + " is empty", e);
        }
    }

    /** @throws IllegalArgumentException naming the option at fault */
    RenderOptions renderOptions() {
        EnumSet<Format> selected = EnumSet.noneOf(Format.class);
        for (String f : formats) {
            try {
                selected.add(Format.valueOf(f.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--formats: unknown format '" + f + "' (calico, kubernetes, cilium)", e);
            }
        }
        TierDPolicy tierDPolicy = switch (tierD.toLowerCase(Locale.ROOT)) {
            case "log-allow" -> TierDPolicy.LOG_ALLOW;
            case "port-only" -> TierDPolicy.PORT_ONLY;
            default -> throw new IllegalArgumentException("--tier-d: expected log-allow or port-only, got " + tierD);
        };
        if (foldMinPeers < 0) {
            throw new IllegalArgumentException("--fold-min-peers must be 0 or more, got " + foldMinPeers);
        }
        NetworkSets sets = NetworkSets.defaults();
        for (Path file : networkSets) {
            try {
                sets = sets.plus(NetworkSets.load(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("--network-sets: cannot read " + file + " (" + e
                    + "); point it at a readable network-sets file (flowpolicy YAML, AWS ip-ranges.json or GCP cloud.json)", e);
            }
        }
        return RenderOptions.defaults().withFormats(selected).withTierD(tierDPolicy)
            .withAllowSameNamespace(allowSameNamespace).withNetworkSets(sets).withFolding(foldMinPeers, 24);
    }

    /** @throws IllegalArgumentException naming the option at fault */
    ReportSettings reportSettings() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        return new ReportSettings(batchSize, expectedNamespaces);
    }
}
