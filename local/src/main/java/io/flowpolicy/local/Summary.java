package io.flowpolicy.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * summary.json, the contract that scripts and CI gates read; field names are stable (see docs/summary.md).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(Window window, Lines lines, Map<String, NamespaceSummary> namespaces,
                      List<NewDestinationSummary> newDestinations, String policyRepo, String commit, String head,
                      Map<String, NamespaceSummary> unattributed) {

    public record Window(Instant from, Instant to) {
    }

    /** @param read every line taken from the source, rejected ones included */
    public record Lines(long read, long rejected, Map<String, Long> byReason) {
    }

    public record NamespaceSummary(int peers, int pod, int service, int node, int external, String tier, String state,
                                   int daysObserved) {
    }

    /** @param peer the peer id, e.g. {@code external:1.2.3.4} */
    public record NewDestinationSummary(String namespace, String peer, String protocol, int port, Instant firstSeen,
                                        boolean learning) {
    }
}
