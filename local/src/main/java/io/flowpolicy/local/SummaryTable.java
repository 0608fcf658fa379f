package io.flowpolicy.local;

import java.io.PrintWriter;
import java.util.Map;

/** Prints a run's summary for a person: the per-namespace table, then where the results are. */
final class SummaryTable {
    /** New destinations after the learning period printed at most; summary.json has all of them. */
    private static final int MAX_LISTED = 20;

    private SummaryTable() {
    }

    static void print(Summary summary, PrintWriter out) {
        int width = Math.max("namespace".length(),
            summary.namespaces().keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s  %5s  %4s  %7s  %4s  %8s  %4s  %-11s  %4s%n";
        out.printf(row, "namespace", "peers", "pod", "service", "node", "external", "tier", "state", "days");
        for (Map.Entry<String, Summary.NamespaceSummary> e : summary.namespaces().entrySet()) {
            Summary.NamespaceSummary n = e.getValue();
            out.printf(row, e.getKey(), n.peers(), n.pod(), n.service(), n.node(), n.external(), n.tier(), n.state(),
                n.daysObserved());
        }
        for (Map.Entry<String, Summary.NamespaceSummary> e : summary.unattributed().entrySet()) {
            Summary.NamespaceSummary n = e.getValue();
            out.printf(row, e.getKey(), n.peers(), n.pod(), n.service(), n.node(), n.external(), "-", "(not a pod)",
                n.daysObserved());
        }
        out.println();
        long alerts = summary.newDestinations().stream().filter(d -> !d.learning()).count();
        out.printf("lines read: %d, rejected: %d %s%n", summary.lines().read(), summary.lines().rejected(),
            summary.lines().byReason().isEmpty() ? "" : summary.lines().byReason());
        if (summary.dnsLines() != null) {
            out.printf("DNS query lines read: %d, rejected: %d %s%n", summary.dnsLines().read(),
                summary.dnsLines().rejected(), summary.dnsLines().byReason().isEmpty() ? ""
                    : summary.dnsLines().byReason());
        }
        out.printf("new destinations: %d (%d after the learning period)%n", summary.newDestinations().size(), alerts);
        summary.newDestinations().stream().filter(d -> !d.learning()).limit(MAX_LISTED).forEach(d ->
            out.printf("  %s  %-20s %s %s/%s%n", d.firstSeen(), d.namespace(), d.peer(), d.protocol(),
                d.port() < 0 ? "-" : Integer.toString(d.port())));
        if (alerts > MAX_LISTED) {
            out.printf("  … %d more in summary.json%n", alerts - MAX_LISTED);
        }
        out.printf("policy repository: %s (%s)%n", summary.policyRepo(),
            summary.commit() != null ? "new commit " + summary.commit() : "unchanged, head " + summary.head());
    }
}
