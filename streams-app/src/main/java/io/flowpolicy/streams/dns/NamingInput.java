package io.flowpolicy.streams.dns;

import io.flowpolicy.model.DnsResolution;
import io.flowpolicy.model.EnrichedFlow;

/** The two streams the name attributor reads, merged: exactly one of a flow or a pod's resolution. */
public record NamingInput(EnrichedFlow flow, DnsResolution resolution) {
    static NamingInput of(EnrichedFlow flow) {
        return new NamingInput(flow, null);
    }

    static NamingInput of(DnsResolution resolution) {
        return new NamingInput(null, resolution);
    }
}
