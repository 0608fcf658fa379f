package io.flowpolicy.sink.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RebaseCommand;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches, integrates and pushes the policy branch of a clone. Failures to reach the remote are logged (never with
 * the token, which JGit keeps inside the credentials provider, nor with an ssh key) and reported as such, so the
 * caller keeps its commits for the next attempt. An ssh remote gets its own session factory ({@link SshSessions});
 * close this to close it.
 */
final class RemoteSync implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(PolicyRepository.class);

    enum PushResult { OK, REJECTED, FAILED }

    private final Git git;
    private final GitTarget target;
    private final CredentialsProvider credentials;
    private final SshSessions ssh;
    private String lastFailure;

    RemoteSync(Git git, GitTarget target) {
        this.git = git;
        this.target = target;
        this.credentials = target.token() == null ? null
            : new UsernamePasswordCredentialsProvider(target.effectiveUsername(), target.token().value());
        this.ssh = GitTarget.isSsh(target.location()) ? new SshSessions(sshSettings(target), target.location()) : null;
    }

    private static SshSettings sshSettings(GitTarget target) {
        // A target built without ssh settings gets what ssh itself would use, still checked strictly.
        return target.ssh() != null ? target.ssh() : SshSettings.userDefaults(Path.of(System.getProperty("user.home")));
    }

    /** @return false when the remote could not be reached; the clone is then left as it was */
    boolean fetchAndIntegrate() {
        if (stopRequested()) {
            return false;
        }
        try {
            git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
                .setCredentialsProvider(credentials).setTransportConfigCallback(sshConfigurer()).call();
        } catch (GitAPIException | JGitInternalException e) {
            keepInterrupt(e);
            lastFailure = describe(e);
            LOG.warn("policy repository {} unreachable, push delayed: {}", target.displayLocation(), lastFailure);
            return false;
        }
        try {
            integrate();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot integrate " + target.displayLocation() + " into " + target.workDir(), e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot integrate " + target.displayLocation() + " into "
                + target.workDir(), e);
        }
    }

    private void integrate() throws IOException, GitAPIException {
        Repository repo = git.getRepository();
        ObjectId remote = repo.resolve(remoteRef());
        ObjectId local = repo.resolve("refs/heads/" + target.branch());
        if (remote == null || remote.equals(local)) {
            return;
        }
        if (local == null) {
            git.branchCreate().setName(target.branch()).setStartPoint(remoteRef()).call();
            git.checkout().setName(target.branch()).setForced(true).call();
            return;
        }
        if (isAncestor(remote, local)) {
            return;
        }
        if (isAncestor(local, remote)) {
            resetTo(remote);
            return;
        }
        rebaseOnto(remote);
    }

    private void rebaseOnto(ObjectId remote) throws GitAPIException {
        try {
            RebaseResult result = git.rebase().setUpstream(remoteRef()).call();
            if (result.getStatus().isSuccessful()) {
                LOG.info("rebased local policy commits onto {}", target.displayLocation());
                return;
            }
            LOG.info("rebase onto {} stopped ({}); re-applying the policies on top of it instead",
                target.displayLocation(), result.getStatus());
        } catch (GitAPIException | JGitInternalException e) {
            LOG.info("rebase onto {} failed ({}); re-applying the policies on top of it instead",
                target.displayLocation(), e.getMessage());
        }
        if (git.getRepository().getRepositoryState() != RepositoryState.SAFE) {
            git.rebase().setOperation(RebaseCommand.Operation.ABORT).call();
        }
        // The files are a pure function of the candidates: the next write recreates the dropped local commit's
        // content on top of the remote, so nothing is lost and the remote's commits stay in history.
        resetTo(remote);
    }

    private void resetTo(ObjectId commit) throws GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
    }

    private boolean isAncestor(ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        }
    }

    /** Pushes the branch; never forced. */
    PushResult push() {
        if (resolveLocal() == null) {
            return PushResult.OK;
        }
        if (stopRequested()) {
            return PushResult.FAILED;
        }
        String ref = "refs/heads/" + target.branch();
        try {
            for (var result : git.push().setRemote("origin").setRefSpecs(new RefSpec(ref + ":" + ref))
                .setCredentialsProvider(credentials).setTransportConfigCallback(sshConfigurer()).call()) {
                RemoteRefUpdate update = result.getRemoteUpdate(ref);
                switch (update.getStatus()) {
                    case OK, UP_TO_DATE:
                        break;
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED:
                        LOG.info("push to {} rejected: the remote moved; integrating and retrying",
                            target.displayLocation());
                        return PushResult.REJECTED;
                    default:
                        lastFailure = "the remote refused the push (" + update.getStatus()
                            + (update.getMessage() == null ? "" : ": " + update.getMessage()) + ")";
                        LOG.warn("push to {} refused ({}: {}); the commit stays local for the next run",
                            target.displayLocation(), update.getStatus(), update.getMessage());
                        return PushResult.FAILED;
                }
            }
            return PushResult.OK;
        } catch (TransportException e) {
            keepInterrupt(e);
            lastFailure = describe(e);
            LOG.warn("policy repository {} unreachable, push delayed: {}", target.displayLocation(), lastFailure);
            return PushResult.FAILED;
        } catch (GitAPIException | JGitInternalException e) {
            keepInterrupt(e);
            lastFailure = describe(e);
            LOG.warn("push to {} failed, delayed: {}", target.displayLocation(), lastFailure);
            return PushResult.FAILED;
        }
    }

    /** Why the last fetch or push failed, as logged; empty when neither has failed yet. */
    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private TransportConfigCallback sshConfigurer() {
        return ssh == null ? null : ssh.configurer();
    }

    /**
     * A thread already asked to stop starts no fetch or push: JGit may notice the interrupt or not, and when it does
     * not it can clear the flag without failing. The interrupt stays set for the caller.
     */
    private boolean stopRequested() {
        if (!Thread.currentThread().isInterrupted()) {
            return false;
        }
        lastFailure = "the thread was interrupted (asked to stop)";
        return true;
    }

    /**
     * JGit's transports report an interrupt as an I/O failure, and the interrupted wait that caused it cleared the
     * thread's flag; set it again, so a caller stopped by an interrupt (a command run in a thread) stops.
     */
    private static void keepInterrupt(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                || t instanceof ClosedByInterruptException) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String describe(Exception e) {
        return ssh == null ? e.getMessage() : ssh.describe(e);
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    private ObjectId resolveLocal() {
        try {
            return git.getRepository().resolve("refs/heads/" + target.branch());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String remoteRef() {
        return "refs/remotes/origin/" + target.branch();
    }
}
