package io.flowpolicy.sink.git;

import java.util.Optional;

/**
 * The outcome of {@link PolicyRepository#publish}.
 *
 * @param commit      the commit this call made, or empty when the files were already as given
 * @param head        the branch's commit after the call, or empty in a repository without commits
 * @param push        what happened to the remote
 * @param pushFailure why the push is {@link PushState#PENDING} (with the fix where one is known, e.g. a host key
 *                    to add); empty otherwise
 */
public record Publication(Optional<String> commit, Optional<String> head, PushState push,
                          Optional<String> pushFailure) {

    /** Without a failure to report. */
    public Publication(Optional<String> commit, Optional<String> head, PushState push) {
        this(commit, head, push, Optional.empty());
    }

    /** What happened to the remote. */
    public enum PushState {
        /** A local repository: there is nothing to push to. */
        LOCAL_ONLY,
        /** The remote branch now holds the local branch's commits. */
        PUSHED,
        /** The remote could not be reached or refused the push; the commits stay in the clone for the next call. */
        PENDING
    }
}
