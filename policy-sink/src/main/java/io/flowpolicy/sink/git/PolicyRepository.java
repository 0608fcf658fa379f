package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A git working tree that holds the rendered policies. Writes files, and commits only when their content changed,
 * so running the same input twice adds no commit. Not thread-safe.
 */
public final class PolicyRepository implements AutoCloseable {
    private static final PersonIdent AUTHOR = new PersonIdent("flowpolicy", "flowpolicy@localhost");

    private final Git git;
    private final Path workTree;

    private PolicyRepository(Git git, Path workTree) {
        this.git = git;
        this.workTree = workTree;
    }

    /** Opens the repository at {@code path}, or creates it (with {@code branch} as its first branch) when absent. */
    public static PolicyRepository openOrInit(Path path, String branch) {
        try {
            if (Files.isDirectory(path.resolve(".git"))) {
                return new PolicyRepository(Git.open(path.toFile()), path);
            }
            Files.createDirectories(path);
            return new PolicyRepository(Git.init().setDirectory(path.toFile()).setInitialBranch(branch).call(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open policy repository " + path, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create policy repository " + path, e);
        }
    }

    public Path workTree() {
        return workTree;
    }

    /**
     * Writes the files (paths relative to the work tree) and commits them when anything changed.
     *
     * @return the new commit's id, or empty when the files were already as given
     */
    public Optional<String> commitIfChanged(SortedMap<String, String> files, String message) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = workTree.resolve(file.getKey()).normalize();
                if (!target.startsWith(workTree)) {
                    throw new IllegalArgumentException("path escapes the repository: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            git.add().addFilepattern(".").call();
            Status status = git.status().call();
            if (status.getAdded().isEmpty() && status.getChanged().isEmpty() && status.getRemoved().isEmpty()) {
                return Optional.empty();
            }
            RevCommit commit = git.commit().setMessage(message + "\n\n" + changeList(status))
                .setAuthor(AUTHOR).setCommitter(AUTHOR).call();
            return Optional.of(commit.getId().name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write policies into " + workTree, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit policies in " + workTree, e);
        }
    }

    private static String changeList(Status status) {
        StringBuilder body = new StringBuilder();
        new java.util.TreeSet<>(status.getAdded()).forEach(path -> body.append("added    ").append(path).append('\n'));
        new java.util.TreeSet<>(status.getChanged()).forEach(path -> body.append("changed  ").append(path).append('\n'));
        new java.util.TreeSet<>(status.getRemoved()).forEach(path -> body.append("removed  ").append(path).append('\n'));
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
        git.close();
    }
}
