package io.flowpolicy.streams.dns;

import io.flowpolicy.model.DnsResolution;
import io.flowpolicy.model.NameAddress;

/** What one resolved query yields: exactly one of a pod's resolution or an updated name-to-address mapping. */
public record DnsOutput(DnsResolution resolution, NameAddress mapping) {
    static DnsOutput of(DnsResolution resolution) {
        return new DnsOutput(resolution, null);
    }

    static DnsOutput of(NameAddress mapping) {
        return new DnsOutput(null, mapping);
    }

    public boolean isResolution() {
        return resolution != null;
    }
}
