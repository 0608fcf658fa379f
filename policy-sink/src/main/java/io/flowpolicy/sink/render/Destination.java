package io.flowpolicy.sink.render;

import java.util.Comparator;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where egress goes, independent of the policy dialect. Destinations sort by kind, then identity, which fixes
 * the rule order of every format. A DNS name's {@code addresses} are not part of its identity: the name is one
 * destination, and the planner gives it the addresses of all its rules.
 *
 * @param namespace pods and services
 * @param name      services
 * @param labels    pods (their labels without controller-added ones, {@link PodSelectorLabels}) and services (when
 *                  the data carries the selector); may be empty
 * @param cidr      nodes and external peers (a host prefix, or a folded prefix)
 * @param set       network sets
 * @param addresses DNS-named destinations: the name's current addresses, as host prefixes
 */
record Destination(Kind kind, String namespace, String name, SortedMap<String, String> labels, Cidr cidr,
                   NetworkSet set, SortedSet<Cidr> addresses) implements Comparable<Destination> {

    enum Kind { POD, SERVICE, NETWORK_SET, NODE, EXTERNAL, FQDN }

    private static final Comparator<Destination> ORDER = Comparator.comparing(Destination::kind)
        .thenComparing(Destination::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Destination::name, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(d -> d.labels().toString())
        .thenComparing(Destination::cidr, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(d -> d.set() == null ? "" : d.set().name());

    Destination {
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? new TreeMap<>() : labels;
        addresses = addresses == null ? new TreeSet<>() : addresses;
    }

    Destination(Kind kind, String namespace, String name, SortedMap<String, String> labels, Cidr cidr,
                NetworkSet set) {
        this(kind, namespace, name, labels, cidr, set, null);
    }

    /** A destination named by DNS; {@code addresses} for formats that cannot name it. */
    static Destination fqdn(String name, SortedSet<Cidr> addresses) {
        return new Destination(Kind.FQDN, null, name, null, null, null, addresses);
    }

    static Destination pods(String namespace, SortedMap<String, String> labels) {
        return new Destination(Kind.POD, namespace, null, labels, null, null);
    }

    static Destination service(String namespace, String name, SortedMap<String, String> labels) {
        return new Destination(Kind.SERVICE, namespace, name, labels, null, null);
    }

    static Destination networkSet(NetworkSet set) {
        return new Destination(Kind.NETWORK_SET, null, set.name(), null, null, set);
    }

    static Destination net(Kind kind, Cidr cidr) {
        return new Destination(kind, null, null, null, cidr, null);
    }

    /** A short human description, used in annotations listing what a format could not express. */
    String describe() {
        return switch (kind) {
            case POD -> "pods in " + namespace + (labels.isEmpty() ? "" : " " + labels);
            case SERVICE -> "service " + namespace + "/" + name;
            case NETWORK_SET -> "network set " + name;
            case NODE -> "node " + cidr;
            case EXTERNAL -> cidr.toString();
            case FQDN -> FqdnRules.describe(this);
        };
    }

    @Override
    public int compareTo(Destination o) {
        return ORDER.compare(this, o);
    }
}
