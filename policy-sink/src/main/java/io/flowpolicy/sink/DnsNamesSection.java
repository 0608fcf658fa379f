package io.flowpolicy.sink;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.Peer;
import java.util.Collection;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * REPORT.md's section on DNS names (docs/dns.md): per namespace, the names its external peers go by and the PTR
 * hints of addresses nobody queried, so a reviewer can judge an address. Empty without DNS naming, which leaves the
 * report as it was.
 */
final class DnsNamesSection {
    private DnsNamesSection() {
    }

    static void render(StringBuilder md, Collection<CandidatePolicy> candidates) {
        SortedMap<String, Set<String>> names = new TreeMap<>();
        SortedMap<String, Set<String>> hints = new TreeMap<>();
        for (CandidatePolicy c : candidates) {
            for (Peer p : c.peers()) {
                if (Peer.FQDN.equals(p.kind()) && p.name() != null) {
                    names.computeIfAbsent(c.namespace(), k -> new TreeSet<>()).add(p.name());
                }
                p.names().forEach(n -> names.computeIfAbsent(c.namespace(), k -> new TreeSet<>()).add(n));
                if (p.hint() != null && p.ip() != null) {
                    hints.computeIfAbsent(c.namespace(), k -> new TreeSet<>()).add(p.ip() + " (" + p.hint() + ")");
                }
            }
        }
        if (names.isEmpty() && hints.isEmpty()) {
            return;
        }
        md.append("\n## DNS names\n\n")
            .append("Names the namespace's pods queried before connecting; PTR hints are reverse lookups of addresses ")
            .append("nobody queried, never used as identity.\n\n")
            .append("| namespace | names | PTR hints |\n|---|---|---|\n");
        Set<String> namespaces = new TreeSet<>(names.keySet());
        namespaces.addAll(hints.keySet());
        for (String ns : namespaces) {
            md.append("| ").append(MarkdownText.escape(ns)).append(" | ").append(list(names.get(ns))).append(" | ")
                .append(list(hints.get(ns))).append(" |\n");
        }
    }

    private static String list(Set<String> values) {
        return values == null ? "" : String.join(", ", values.stream().map(MarkdownText::escape).toList());
    }
}
