package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.RejectedLine;

/** The outcome of one raw line: exactly one of an enriched flow or a rejection. */
public record Routed(EnrichedFlow flow, RejectedLine rejected) {
    public static Routed flow(EnrichedFlow flow) {
        return new Routed(flow, null);
    }

    public static Routed rejected(RejectedLine rejected) {
        return new Routed(null, rejected);
    }

    public boolean isFlow() {
        return flow != null;
    }
}
