package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A flow destination as a policy sees it.
 *
 * @param kind      {@code pod}, {@code service}, {@code node} or {@code external}
 * @param namespace the namespace of a pod or service peer
 * @param name      the workload name (pod), service name, node name; null for external peers
 * @param ip        the address of an external peer (and, for node peers, the node address seen)
 * @param labels    the peer's labels when known (pods: used for selectors); not part of its identity
 * @param names     DNS names the source pod queried shortly before the flow and that resolved to {@code ip}
 *                  (external and fqdn peers, see docs/dns.md); not part of the identity of an external peer
 * @param hint      a reverse-DNS (PTR) name of an unnamed external peer: shown to reviewers, never an identity
 * @param addresses a node peer's addresses, sorted, {@code ip} among them, when its flows went to more than one (its
 *                  InternalIP and ExternalIP, both families of a dual-stack node); empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Peer(String kind, String namespace, String name, String ip, Map<String, String> labels,
                   List<String> names, String hint, List<String> addresses) {
    public static final String POD = "pod";
    public static final String SERVICE = "service";
    public static final String NODE = "node";
    public static final String EXTERNAL = "external";
    /** An external destination known by the DNS name its source looked up; {@code name} is that name. */
    public static final String FQDN = "fqdn";

    public Peer {
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        names = names == null ? List.of() : List.copyOf(names);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** A peer reached on one address. */
    public Peer(String kind, String namespace, String name, String ip, Map<String, String> labels,
                List<String> names, String hint) {
        this(kind, namespace, name, ip, labels, names, hint, List.of());
    }

    /** A peer without DNS names or hint. */
    public Peer(String kind, String namespace, String name, String ip, Map<String, String> labels) {
        this(kind, namespace, name, ip, labels, List.of(), null);
    }

    public static Peer pod(String namespace, String workloadName, Map<String, String> labels) {
        return new Peer(POD, namespace, workloadName, null, labels);
    }

    public static Peer service(String namespace, String name) {
        return new Peer(SERVICE, namespace, name, null, Map.of());
    }

    public static Peer node(String name, String ip) {
        return new Peer(NODE, null, name, ip, Map.of());
    }

    public static Peer external(String ip) {
        return new Peer(EXTERNAL, null, null, ip, Map.of());
    }

    /**
     * An external destination named by DNS: the identity is the name, so the IPs it rotates through are one peer.
     *
     * @param ip    the address of the flow that was attributed to the name
     * @param names every name the source queried that resolved to {@code ip}, {@code name} among them
     */
    public static Peer fqdn(String name, String ip, List<String> names) {
        return new Peer(FQDN, null, name, ip, Map.of(), names, null);
    }

    /** This external peer with the names its source queried; its identity stays the address. */
    public Peer withNames(List<String> dnsNames) {
        return new Peer(kind, namespace, name, ip, labels, dnsNames, hint, addresses);
    }

    /** This peer with a reverse-DNS hint for reviewers. */
    public Peer withHint(String ptrName) {
        return new Peer(kind, namespace, name, ip, labels, names, ptrName, addresses);
    }

    /**
     * This peer and another sighting of the same destination as one: the labels both have
     * ({@link #withLabelsSharedWith}) and the addresses either was reached on ({@link #withAddressesOf}); the rest is
     * this one's. Commutative and associative in labels and addresses, so any order of flows gives the same result.
     */
    public Peer mergedWith(Peer other) {
        return withLabelsSharedWith(other).withAddressesOf(other);
    }

    /**
     * This peer with only the labels {@code other} has too, with the same values: a workload's pods keep the labels
     * its pod template gives all of them and lose those a rollout changes ({@code app.kubernetes.io/version},
     * {@code helm.sh/chart}), so a selector built from them covers every pod seen. Commutative and associative, so
     * flows combined in any order give the same labels. This instance when nothing is dropped.
     */
    public Peer withLabelsSharedWith(Peer other) {
        if (labels.equals(other.labels)) {
            return this;
        }
        Map<String, String> shared = new HashMap<>(labels);
        shared.entrySet().removeIf(label -> !label.getValue().equals(other.labels.get(label.getKey())));
        return new Peer(kind, namespace, name, ip, shared, names, hint, addresses);
    }

    /**
     * This node peer with the addresses {@code other} was reached on too, so a rule allows every address its flows
     * went to; {@code ip} stays this one's. Any other kind of peer, and a node reached on no new address: this
     * instance.
     */
    public Peer withAddressesOf(Peer other) {
        if (!NODE.equals(kind) || covers(other)) {
            return this;
        }
        SortedSet<String> all = new TreeSet<>(reachedOn());
        all.addAll(other.reachedOn());
        return new Peer(kind, namespace, name, ip, labels, names, hint, List.copyOf(all));
    }

    /** Whether this peer was reached on every address {@code other} was; without allocating, as combining asks it
     * once per flow. */
    private boolean covers(Peer other) {
        if (other.addresses.isEmpty()) {
            return other.ip == null || other.ip.equals(ip) || addresses.contains(other.ip);
        }
        return reachedOn().containsAll(other.addresses);
    }

    /** Every address flows to this peer went to: {@code addresses}, or {@code ip} alone. */
    @JsonIgnore
    public List<String> reachedOn() {
        return !addresses.isEmpty() ? addresses : ip == null ? List.of() : List.of(ip);
    }

    /** The stable peer name used in reports and keys: {@code pod:<ns>/<workload>}, {@code service:<ns>/<name>},
     * {@code node:<name>}, {@code external:<ip>}, {@code fqdn:<name>}. */
    @JsonIgnore
    public String id() {
        return switch (kind) {
            case POD, SERVICE -> kind + ":" + namespace + "/" + name;
            case NODE -> NODE + ":" + name;
            case FQDN -> FQDN + ":" + name;
            default -> kind + ":" + ip;
        };
    }

    /** Whether {@code other} is the same destination, as {@link #id()} tells, without building the id's text. */
    public boolean sameIdentity(Peer other) {
        if (!kind.equals(other.kind)) {
            return false;
        }
        return switch (kind) {
            case POD, SERVICE -> Objects.equals(namespace, other.namespace) && Objects.equals(name, other.name);
            case NODE, FQDN -> Objects.equals(name, other.name);
            default -> Objects.equals(ip, other.ip);
        };
    }

    /** A hash of what {@link #sameIdentity} compares. */
    @JsonIgnore
    public int identityHash() {
        int hash = kind.hashCode();
        return switch (kind) {
            case POD, SERVICE -> 31 * (31 * hash + Objects.hashCode(namespace)) + Objects.hashCode(name);
            case NODE, FQDN -> 31 * hash + Objects.hashCode(name);
            default -> 31 * hash + Objects.hashCode(ip);
        };
    }

    @JsonIgnore
    public boolean inCluster() {
        return !EXTERNAL.equals(kind) && !FQDN.equals(kind);
    }
}
