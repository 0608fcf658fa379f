package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;

/**
 * A git working tree that holds the rendered policies: writes files, removes stale ones, commits only when
 * something changed (so the same input twice adds no commit) and, for a remote target, pushes without ever forcing.
 * Not thread-safe; blocking (network I/O for remote targets).
 */
public final class PolicyRepository implements AutoCloseable {
    private static final String NAME = "flowpolicy";
    private static final String EMAIL = "flowpolicy@localhost";
    private static final int PUSH_ATTEMPTS = 5;

    private final Git git;
    private final WorkTreeOwnership ownership;
    private final GitTarget target;
    private final Path workTree;
    private final RemoteSync remote;

    private PolicyRepository(Git git, WorkTreeOwnership ownership, GitTarget target) {
        this.git = git;
        this.ownership = ownership;
        this.target = target;
        this.workTree = target.workDir().toAbsolutePath().normalize();
        this.remote = target.remote() ? new RemoteSync(git, target) : null;
    }

    /**
     * Opens the working tree of the target, creating it when absent: a local repository with {@code branch} as its
     * first branch, or an empty clone of the remote (filled by the first {@link #publish}, so an unreachable remote
     * does not stop the sink). Git lock files that a sink killed mid-write left in it are removed
     * ({@link WorkTreeOwnership}).
     *
     * @throws IllegalStateException when the work directory is a clone of another remote, or another sink writes to it
     */
    public static PolicyRepository open(GitTarget target) {
        Path path = target.workDir();
        try {
            boolean exists = Files.isDirectory(path.resolve(".git"));
            Git git = exists ? Git.open(path.toFile())
                : Git.init().setDirectory(Files.createDirectories(path).toFile()).setInitialBranch(target.branch()).call();
            WorkTreeOwnership ownership;
            try {
                ownership = WorkTreeOwnership.take(git.getRepository().getDirectory().toPath());
            } catch (RuntimeException e) {
                git.close();
                throw e;
            }
            try {
                if (target.remote()) {
                    configureClone(git, target, exists);
                }
            } catch (IOException | GitAPIException | java.net.URISyntaxException | RuntimeException e) {
                ownership.close();
                throw e;
            }
            return new PolicyRepository(git, ownership, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open policy repository " + path, e);
        } catch (GitAPIException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot create policy repository " + path, e);
        }
    }

    /** Opens or creates a local repository at {@code path}. */
    public static PolicyRepository openOrInit(Path path, String branch) {
        return open(GitTarget.local(path, branch));
    }

    private static void configureClone(Git git, GitTarget target, boolean existed)
        throws GitAPIException, java.net.URISyntaxException, IOException {
        StoredConfig config = git.getRepository().getConfig();
        String origin = config.getString("remote", "origin", "url");
        if (existed && origin != null && !origin.equals(target.location())) {
            git.close();
            throw new IllegalStateException("work directory " + target.workDir() + " is a clone of another remote; "
                + "use another --git-workdir or remove it");
        }
        if (origin == null) {
            git.remoteAdd().setName("origin").setUri(new URIish(target.location())).call();
        }
        // Rebase creates commits with the configured committer; a clone of ours should not depend on ~/.gitconfig.
        config.setString("user", null, "name", NAME);
        config.setString("user", null, "email", EMAIL);
        config.save();
    }

    public Path workTree() {
        return workTree;
    }

    /**
     * Brings the clone up to the remote branch, writes {@code files} (paths relative to the work tree), deletes
     * files under {@code ownedDirectories} that are not among them, commits when anything changed, and pushes. A
     * push rejected because the remote moved is retried after a rebase (or, when the rebase conflicts, after
     * re-applying the files on top of the remote branch); it is never forced.
     *
     * @param message the commit message, given the current content of a file before the write (e.g. a state file)
     */
    public Publication publish(SortedMap<String, String> files, Set<String> ownedDirectories,
                               Function<Function<String, Optional<String>>, String> message) {
        return synced(() -> commitIfChanged(files, ownedDirectories, message.apply(this::read)).isPresent());
    }

    /**
     * Brings the clone up to the remote branch and pushes commits an earlier call could not, without changing any
     * file: for a call that has nothing to write but must not undo what is there.
     */
    public Publication keep() {
        return synced(() -> false);
    }

    /** @param change writes and commits the change after each fetch; whether it committed */
    private Publication synced(BooleanSupplier change) {
        boolean committed = false;
        for (int attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
            boolean online = remote != null && remote.fetchAndIntegrate();
            committed |= change.getAsBoolean();
            if (remote == null) {
                return new Publication(committed ? head() : Optional.empty(), head(), Publication.PushState.LOCAL_ONLY);
            }
            RemoteSync.PushResult pushed = online ? remote.push() : RemoteSync.PushResult.FAILED;
            if (pushed == RemoteSync.PushResult.OK) {
                return new Publication(committed ? head() : Optional.empty(), head(), Publication.PushState.PUSHED);
            }
            if (pushed == RemoteSync.PushResult.FAILED) {
                return new Publication(committed ? head() : Optional.empty(), head(), Publication.PushState.PENDING,
                    remote.lastFailure());
            }
        }
        RemoteSync.LOG.warn("push to {} still rejected after {} attempts; the commit stays in {} for the next run",
            target.displayLocation(), PUSH_ATTEMPTS, workTree);
        return new Publication(committed ? head() : Optional.empty(), head(), Publication.PushState.PENDING,
            Optional.of("the push was still rejected after " + PUSH_ATTEMPTS + " attempts (the remote branch kept "
                + "moving)"));
    }

    /** The content of a file in the work tree, if present. */
    public Optional<String> read(String relativePath) {
        Path file = resolve(relativePath);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Optional<String> commitIfChanged(SortedMap<String, String> files, Set<String> ownedDirectories,
                                             String message) {
        try {
            removeStale(files, ownedDirectories);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            Status status = git.status().call();
            if (status.getAdded().isEmpty() && status.getChanged().isEmpty() && status.getRemoved().isEmpty()) {
                return Optional.empty();
            }
            // A new ident per commit: one made once would date every commit of a long-running sink at its start.
            PersonIdent now = new PersonIdent(NAME, EMAIL);
            RevCommit commit = git.commit().setMessage(message + "\n\n" + changeList(status))
                .setAuthor(now).setCommitter(now).call();
            return Optional.of(commit.getId().name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write policies into " + workTree, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit policies in " + workTree, e);
        }
    }

    private void removeStale(SortedMap<String, String> files, Set<String> ownedDirectories) throws IOException {
        for (String dir : ownedDirectories) {
            Path root = resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.filter(Files::isRegularFile).toList()) {
                    String relative = workTree.relativize(p).toString().replace('\\', '/');
                    if (!files.containsKey(relative)) {
                        Files.delete(p);
                    }
                }
            }
            deleteEmptyDirectories(root);
        }
    }

    private static void deleteEmptyDirectories(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path dir : paths.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
                try (Stream<Path> children = Files.list(dir)) {
                    if (children.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        }
    }

    private Path resolve(String relativePath) {
        Path target = workTree.resolve(relativePath).normalize();
        if (!target.startsWith(workTree) || target.equals(workTree) || target.startsWith(workTree.resolve(".git"))) {
            throw new IllegalArgumentException("path escapes the repository: " + relativePath);
        }
        return target;
    }

    private static String changeList(Status status) {
        StringBuilder body = new StringBuilder();
        new TreeSet<>(status.getAdded()).forEach(path -> body.append("added    ").append(path).append('\n'));
        new TreeSet<>(status.getChanged()).forEach(path -> body.append("changed  ").append(path).append('\n'));
        new TreeSet<>(status.getRemoved()).forEach(path -> body.append("removed  ").append(path).append('\n'));
        return body.toString();
    }

    /** The id of the current commit, or empty in a repository without commits. */
    public Optional<String> head() {
        try {
            return Optional.ofNullable(git.getRepository().resolve("HEAD")).map(id -> id.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (remote != null) {
                remote.close();
            }
        } finally {
            try {
                git.close();
            } finally {
                ownership.close();
            }
        }
    }
}
