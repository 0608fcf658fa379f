package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's hold on a policy work tree, so that git's own lock files left in it can be cleared. Git and JGit
 * create {@code index.lock}, {@code HEAD.lock}, {@code refs/heads/main.lock} and the like for the length of a write and
 * remove them after; a sink killed mid-commit (kill -9, OOM, a node lost) leaves them behind, and every later commit
 * then fails with "Cannot lock …", so a restarted sink would fail the same way until someone deleted the file. An
 * operating-system lock on {@value #OWNER_FILE}, which the system releases when the holder dies however it dies, tells
 * that no other sink works in the tree: git lock files found then are leftovers and are removed, each with a warning.
 */
final class WorkTreeOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkTreeOwnership.class);
    static final String OWNER_FILE = "flowpolicy-sink.owner";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkTreeOwnership(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the work tree whose git directory is {@code gitDir} and removes the git lock files a process that held it
     * before left behind.
     *
     * @throws IllegalStateException when another process (or another repository in this one) holds it
     */
    static WorkTreeOwnership take(Path gitDir) {
        Path owner = gitDir.resolve(OWNER_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(owner, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IllegalStateException("another flowpolicy sink is writing to " + gitDir.getParent()
                    + " (it holds " + owner + "); run one sink per policy repository, or give this one another "
                    + "--git-repo or --git-workdir");
            }
            WorkTreeOwnership ownership = new WorkTreeOwnership(channel, lock);
            removeLeftoverLocks(gitDir);
            return ownership;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take the policy repository " + gitDir.getParent(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** Git's lock files anywhere in the git directory but among the objects, which git never locks this way. */
    private static void removeLeftoverLocks(Path gitDir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(gitDir)) {
            leftovers = files.filter(p -> !p.startsWith(gitDir.resolve("objects")))
                .filter(p -> p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p)).toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
            LOG.warn("removed {}: a git lock file left by a sink that stopped in the middle of a write", leftover);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was held
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
