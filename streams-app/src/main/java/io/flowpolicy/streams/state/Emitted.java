package io.flowpolicy.streams.state;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;

/** One output of the destination tracker: exactly one of the three fields is set. */
public record Emitted(NewDestination newDestination, CandidatePolicy candidate, NamespaceProfile profile) {
    public static Emitted of(NewDestination event) {
        return new Emitted(event, null, null);
    }

    public static Emitted of(CandidatePolicy candidate) {
        return new Emitted(null, candidate, null);
    }

    public static Emitted of(NamespaceProfile profile) {
        return new Emitted(null, null, profile);
    }
}
