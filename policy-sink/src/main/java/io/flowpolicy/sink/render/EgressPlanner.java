package io.flowpolicy.sink.render;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a {@link CandidatePolicy} into an {@link EgressPlan}: validates every name, label, protocol and port,
 * recognises DNS to kube-dns, resolves external peers to network sets, folds the rest, and merges ports of rules
 * that end up at the same destination. The order of the input rules never affects the result.
 */
final class EgressPlanner {
    private static final Set<String> TIERS = Set.of("B", "C", "D");
    private static final Set<String> STATES = Set.of("learning", "stabilizing", EgressPlan.STABLE);
    private static final String DNS_NAMESPACE = "kube-system";
    private static final String DNS_SERVICE = "kube-dns";

    private final RenderOptions options;

    EgressPlanner(RenderOptions options) {
        this.options = options;
    }

    EgressPlan plan(CandidatePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        String namespace = Names.dnsLabel("namespace", policy.namespace());
        String tier = oneOf("tier", policy.tier(), TIERS);
        String state = oneOf("state", policy.state(), STATES);
        Rules rules = new Rules();
        for (CandidateRule rule : policy.rules()) {
            Objects.requireNonNull(rule.peer(), "peer of a rule in namespace " + namespace);
            rules.add(namespace, rule);
        }
        fold(rules.unmatched).forEach((d, ports) -> ports.forEach((proto, set) ->
            set.forEach(p -> add(rules.byDestination.computeIfAbsent(d, x -> new TreeMap<>()), proto, p))));
        List<EgressPlan.Entry> entries = new ArrayList<>();
        rules.byDestination.forEach((d, ports) ->
            entries.add(new EgressPlan.Entry(withAllAddresses(d, rules.nameAddresses), collapse(ports))));
        // Names are only enforceable when the pod's DNS answers are seen: Cilium's DNS proxy needs the DNS rule.
        boolean dns = rules.dns
            || rules.byDestination.keySet().stream().anyMatch(d -> d.kind() == Destination.Kind.FQDN);
        return new EgressPlan(namespace, tier, state, dns, options.allowSameNamespace(),
            Collections.unmodifiableList(entries), collapse(rules.allPorts), List.copyOf(rules.unnamable));
    }

    /** The rules of one policy sorted by where they go, before external hosts are folded. */
    private final class Rules {
        final Map<Destination, SortedMap<String, SortedSet<Integer>>> byDestination = new TreeMap<>();
        final SortedMap<String, SortedSet<Integer>> allPorts = new TreeMap<>();
        /** External hosts in no network set: folded into prefixes once all rules are in. */
        final Map<Cidr, SortedMap<String, SortedSet<Integer>>> unmatched = new TreeMap<>();
        /** A name is one destination whatever address each of its rules saw; it keeps the addresses of all. */
        final Map<String, SortedSet<Cidr>> nameAddresses = new TreeMap<>();
        /** Rules with a port or protocol no format can name, described; left out of the policy. */
        final SortedSet<String> unnamable = new TreeSet<>();
        boolean dns;

        void add(String namespace, CandidateRule rule) {
            // The kernel logs what a packet carried, port 0 and protocol 0 included, which no policy format can name:
            // such a flow is left out (and said so) instead of costing the namespace its whole policy. Values the
            // kernel cannot log (port 70000, a protocol name of its own) still refuse the candidate.
            String to = " to " + Names.printable(rule.peer().id());
            if (rule.protocol() != null && rule.protocol().trim().equals("0")) {
                unnamable.add("protocol 0" + to + " (IP protocol 0 cannot be named in a rule)");
                return;
            }
            String protocol = Protocols.normalize(rule.protocol());
            if (rule.port() == 0 && Protocols.hasPorts(protocol)) {
                unnamable.add(protocol + " port 0" + to + " (a rule's ports are 1..65535)");
                return;
            }
            int port = Protocols.port(protocol, rule.port());
            if (isDns(rule.peer(), protocol, port)) {
                dns = true;
                return;
            }
            EgressPlanner.add(allPorts, protocol, port);
            for (Destination destination : destinations(namespace, rule.peer())) {
                add(destination, protocol, port);
            }
        }

        private void add(Destination destination, String protocol, int port) {
            if (destination.kind() == Destination.Kind.EXTERNAL) {
                EgressPlanner.add(unmatched.computeIfAbsent(destination.cidr(), c -> new TreeMap<>()), protocol, port);
            } else {
                EgressPlanner.add(byDestination.computeIfAbsent(destination, d -> new TreeMap<>()), protocol, port);
            }
            if (destination.kind() == Destination.Kind.FQDN) {
                nameAddresses.computeIfAbsent(destination.name(), n -> new TreeSet<>()).addAll(destination.addresses());
            }
        }
    }

    private static String oneOf(String what, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(what + " is not one of " + new TreeSet<>(allowed) + ": "
                + Names.printable(value));
        }
        return value;
    }

    private static boolean isDns(Peer peer, String protocol, int port) {
        boolean kubeDns = DNS_NAMESPACE.equals(peer.namespace()) && (
            (Peer.SERVICE.equals(peer.kind()) && DNS_SERVICE.equals(peer.name()))
                || (Peer.POD.equals(peer.kind()) && DNS_SERVICE.equals(peer.labels().get("k8s-app"))));
        return kubeDns && port == 53 && (Protocols.UDP.equals(protocol) || Protocols.TCP.equals(protocol));
    }

    /**
     * Where a peer's rule goes: one destination, one per address of a node reached on several, or none when the
     * same-namespace rule already covers the peer.
     */
    private List<Destination> destinations(String namespace, Peer peer) {
        switch (peer.kind()) {
            case Peer.POD, Peer.SERVICE -> {
                String peerNamespace = Names.dnsLabel("peer namespace", peer.namespace());
                SortedMap<String, String> labels = Names.labels(peer.labels());
                if (options.allowSameNamespace() && peerNamespace.equals(namespace)) {
                    return List.of();
                }
                return List.of(Peer.POD.equals(peer.kind())
                    ? Destination.pods(peerNamespace, PodSelectorLabels.of(labels))
                    : Destination.service(peerNamespace, Names.dnsLabel("service name", peer.name()), labels));
            }
            case Peer.NODE -> {
                // ip first: a node without one is refused as any peer with a bad address is.
                Set<String> addresses = new LinkedHashSet<>();
                addresses.add(peer.ip());
                addresses.addAll(peer.addresses());
                return addresses.stream().map(ip -> Destination.net(Destination.Kind.NODE, Cidr.host(ip))).toList();
            }
            case Peer.EXTERNAL -> {
                Cidr host = Cidr.host(peer.ip());
                return List.of(options.networkSets().find(host).map(Destination::networkSet)
                    .orElse(Destination.net(Destination.Kind.EXTERNAL, host)));
            }
            case Peer.FQDN -> {
                String name = FqdnRules.name(peer.name());
                SortedSet<Cidr> addresses = new TreeSet<>();
                options.nameAddresses().of(name).forEach(ip -> addresses.add(Cidr.host(ip)));
                if (peer.ip() != null) {
                    addresses.add(Cidr.host(peer.ip()));
                }
                return List.of(Destination.fqdn(name, addresses));
            }
            default -> throw new IllegalArgumentException("unknown peer kind: " + Names.printable(peer.kind()));
        }
    }

    /** A DNS-named destination with the addresses of every rule to its name; any other unchanged. */
    private static Destination withAllAddresses(Destination d, Map<String, SortedSet<Cidr>> nameAddresses) {
        return d.kind() == Destination.Kind.FQDN
            ? Destination.fqdn(d.name(), Collections.unmodifiableSortedSet(nameAddresses.get(d.name()))) : d;
    }

    /** External hosts outside any set, with IPv4 hosts folded into prefixes when enough share one. */
    private Map<Destination, SortedMap<String, SortedSet<Integer>>> fold(
            Map<Cidr, SortedMap<String, SortedSet<Integer>>> hosts) {
        Map<Cidr, Integer> perPrefix = new HashMap<>();
        if (options.foldMinPeers() > 0) {
            hosts.keySet().stream().filter(Cidr::isIpv4)
                .forEach(h -> perPrefix.merge(h.widen(options.foldPrefixLength()), 1, Integer::sum));
        }
        Set<Cidr> folded = new HashSet<>();
        perPrefix.forEach((prefix, n) -> {
            if (n >= options.foldMinPeers()) {
                folded.add(prefix);
            }
        });
        Map<Destination, SortedMap<String, SortedSet<Integer>>> out = new TreeMap<>();
        hosts.forEach((host, ports) -> {
            Cidr prefix = host.isIpv4() ? host.widen(options.foldPrefixLength()) : null;
            Cidr target = prefix != null && folded.contains(prefix) ? prefix : host;
            SortedMap<String, SortedSet<Integer>> merged =
                out.computeIfAbsent(Destination.net(Destination.Kind.EXTERNAL, target), d -> new TreeMap<>());
            ports.forEach((proto, set) -> set.forEach(p -> add(merged, proto, p)));
        });
        return out;
    }

    private static void add(SortedMap<String, SortedSet<Integer>> ports, String protocol, int port) {
        ports.computeIfAbsent(protocol, p -> new TreeSet<>()).add(port);
    }

    /** "Any port" (-1) subsumes the specific ports of the same protocol. */
    private static SortedMap<String, SortedSet<Integer>> collapse(SortedMap<String, SortedSet<Integer>> ports) {
        SortedMap<String, SortedSet<Integer>> out = new TreeMap<>();
        ports.forEach((proto, set) -> out.put(proto, Collections.unmodifiableSortedSet(
            set.contains(-1) ? new TreeSet<>(Set.of(-1)) : new TreeSet<>(set))));
        return Collections.unmodifiableSortedMap(out);
    }
}
