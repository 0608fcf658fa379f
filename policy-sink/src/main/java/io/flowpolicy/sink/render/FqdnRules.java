package io.flowpolicy.sink.render;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every format does with a DNS-named destination ({@code fqdn:<name>} peers, docs/dns.md): Cilium names it
 * ({@code toFQDNs}), Calico Enterprise names it ({@code domains}); open-source Calico and Kubernetes cannot, so they
 * get the name's current addresses and the {@value #ANNOTATION} annotation saying which name those stand for.
 * A name with no known address gets no rule in those two: an empty {@code nets} or {@code to} list would match every
 * destination. It is listed in the {@code flowpolicy.io/omitted} annotation instead.
 */
final class FqdnRules {
    static final String ANNOTATION = "flowpolicy.io/fqdns";
    // RFC 1123 host names, lower case: what Cilium's matchName and Calico's domains accept.
    private static final Pattern NAME =
        Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private FqdnRules() {
    }

    /** @throws IllegalArgumentException when the name is not a DNS host name */
    static String name(String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("not a DNS name: " + Names.printable(value));
        }
        return value;
    }

    /**
     * The host prefixes of a name's addresses, for formats without DNS rules.
     *
     * @throws IllegalStateException when there are none: an empty list in a rule would match every destination, so
     *                               the caller must leave the name out ({@link #unaddressed})
     */
    static List<String> cidrs(Destination d) {
        return requireAddresses(d).stream().map(Cidr::toString).toList();
    }

    /**
     * {@link #cidrs} split by address family, IPv4 first, leaving out a family without addresses: Calico rejects a
     * rule whose {@code nets} mix IPv4 and IPv6 ("rule contains both IPv4 and IPv6 CIDRs").
     */
    static List<List<String>> cidrsByFamily(Destination d) {
        SortedSet<Cidr> addresses = requireAddresses(d);
        List<String> v4 = addresses.stream().filter(Cidr::isIpv4).map(Cidr::toString).toList();
        List<String> v6 = addresses.stream().filter(c -> !c.isIpv4()).map(Cidr::toString).toList();
        return Stream.of(v4, v6).filter(family -> !family.isEmpty()).toList();
    }

    private static SortedSet<Cidr> requireAddresses(Destination d) {
        if (d.addresses().isEmpty()) {
            throw new IllegalStateException("no known address for DNS name " + d.name() + ": it must be left out");
        }
        return d.addresses();
    }

    /** Whether a format that allows names by their addresses must leave this destination out: none is known. */
    static boolean unaddressed(Destination d) {
        return d.kind() == Destination.Kind.FQDN && d.addresses().isEmpty();
    }

    /** Records each protocol and port of an {@link #unaddressed} destination as left out. */
    static void omit(EgressPlan.Entry entry, Docs.Omissions omissions) {
        String where = entry.destination().describe();
        entry.ports().forEach((protocol, numbers) ->
            numbers.forEach(n -> omissions.add(Protocols.describe(protocol, n) + " to " + where)));
    }

    /**
     * {@code name: ip, ip; name2: ip} for the names a plan expands into addresses; null when there are none. Names
     * without an address are in the omitted annotation, not here.
     */
    static String annotation(EgressPlan plan) {
        SortedSet<String> lines = new TreeSet<>();
        for (EgressPlan.Entry entry : plan.tierD() ? List.<EgressPlan.Entry>of() : plan.entries()) {
            Destination d = entry.destination();
            if (d.kind() == Destination.Kind.FQDN && !unaddressed(d)) {
                lines.add(d.name() + ": " + String.join(", ", cidrs(d)));
            }
        }
        return lines.isEmpty() ? null : String.join("; ", lines);
    }

    /** Adds the annotation to rendered metadata when the plan has names. */
    @SuppressWarnings("unchecked")
    static void annotate(Map<String, Object> metadata, EgressPlan plan) {
        String text = annotation(plan);
        if (text != null) {
            ((Map<String, Object>) metadata.get("annotations")).put(ANNOTATION, text);
        }
    }

    static String describe(Destination d) {
        if (d.addresses().isEmpty()) {
            return "fqdn " + d.name() + " (no known address)";
        }
        return "fqdn " + d.name() + d.addresses().stream().map(Cidr::toString)
            .collect(Collectors.joining(", ", " (", ")"));
    }
}
