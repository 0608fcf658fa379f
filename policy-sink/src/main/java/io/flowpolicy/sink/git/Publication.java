package io.flowpolicy.sink.git;

import java.util.Optional;

/**
 * The outcome of {@link PolicyRepository#publish}.
 *
 * @param commit the commit this call made, or empty when the files were already as given
 * @param head   the branch's commit after the call, or empty in a repository without commits
 * @param push   what happened to the remote
 */
public record Publication(Optional<String> commit, Optional<String> head, PushState push) {

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
