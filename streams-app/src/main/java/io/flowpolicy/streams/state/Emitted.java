package io.flowpolicy.streams.state;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.StaleDestination;

/** One output of the destination tracker: exactly one of the fields is set. */
public record Emitted(NewDestination newDestination, StaleDestination stale, CandidatePolicy candidate,
                      NamespaceProfile profile, RejectedLine rejected) {
    public static Emitted of(NewDestination event) {
        return new Emitted(event, null, null, null, null);
    }

    public static Emitted of(StaleDestination event) {
        return new Emitted(null, event, null, null, null);
    }

    public static Emitted of(CandidatePolicy candidate) {
        return new Emitted(null, null, candidate, null, null);
    }

    public static Emitted of(NamespaceProfile profile) {
        return new Emitted(null, null, null, profile, null);
    }

    public static Emitted of(RejectedLine rejected) {
        return new Emitted(null, null, null, null, rejected);
    }
}
