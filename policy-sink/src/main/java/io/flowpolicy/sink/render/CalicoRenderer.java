package io.flowpolicy.sink.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Calico {@code projectcalico.org/v3}: a {@code NetworkPolicy} named {@code <ns>-egress} in the default tier for
 * stable namespaces, a {@code StagedNetworkPolicy} ({@code stagedAction: Set}) otherwise.
 *
 * <p>Choices: the same-namespace rule names the namespace by {@code namespaceSelector: projectcalico.org/name ==
 * '<ns>'} (no {@code selector}, so every endpoint in it) instead of relying on an empty namespaceSelector meaning
 * "own namespace", which holds in a NetworkPolicy but means "all namespaces" in a GlobalNetworkPolicy. Pod peers
 * without labels get that namespace selector alone: all of that namespace, wider than needed but never wrong.
 * Services use {@code destination.services}, which forbids ports, so they get one rule per protocol. UDPLite, with
 * which Calico allows no ports, likewise gets one rule without ports: the observed destination, any UDPLite port
 * (wider than observed, but valid, and traffic that was seen stays allowed). Network sets are selected by label with
 * {@code namespaceSelector: global()}. The edition matters only for DNS-named
 * ({@code fqdn:}) peers: Enterprise gets {@code domains}, OSS never sees {@code domains} and gets the name's
 * current addresses with the {@code flowpolicy.io/fqdns} annotation naming them, in one rule per address family
 * since Calico rejects {@code nets} mixing IPv4 and IPv6; a name without a known address gets no rule (empty
 * {@code nets} would match everything) and is listed in {@code flowpolicy.io/omitted}.
 */
final class CalicoRenderer {
    private static final String API_VERSION = "projectcalico.org/v3";
    private final RenderOptions options;

    CalicoRenderer(RenderOptions options) {
        this.options = options;
    }

    Map<String, Object> render(EgressPlan plan) {
        Docs.Omissions omissions = new Docs.Omissions();
        Map<String, Object> spec = Docs.map(
            "stagedAction", plan.staged() ? "Set" : null,
            "tier", "default",
            "selector", "all()",
            "types", List.of("Egress"),
            "egress", rules(plan, omissions));
        Map<String, Object> metadata = Docs.metadata(plan, plan.policyName(), omissions);
        if (options.edition() == CalicoEdition.OSS) {
            FqdnRules.annotate(metadata, plan);
        }
        return Docs.map("apiVersion", API_VERSION,
            "kind", plan.staged() ? "StagedNetworkPolicy" : "NetworkPolicy",
            "metadata", metadata,
            "spec", spec);
    }

    private List<Map<String, Object>> rules(EgressPlan plan, Docs.Omissions omissions) {
        List<Map<String, Object>> rules = new ArrayList<>();
        if (plan.tierD() && options.tierD() == TierDPolicy.LOG_ALLOW) {
            rules.add(Docs.map("action", "Log"));
            rules.add(Docs.map("action", "Allow"));
            return rules;
        }
        if (plan.dns()) {
            for (String protocol : List.of(Protocols.UDP, Protocols.TCP)) {
                rules.add(rule(protocol, null, Docs.map(
                    "namespaceSelector", RenderLabels.CALICO_NAME + " == 'kube-system'",
                    "selector", "k8s-app == 'kube-dns'",
                    "ports", List.of(53))));
            }
        }
        if (plan.sameNamespace()) {
            rules.add(Docs.map("action", "Allow", "destination",
                Docs.map("namespaceSelector", namespaceSelector(plan.namespace()))));
        }
        if (plan.tierD()) {
            rules.addAll(portRules(plan.allPorts(), Map.of(), true));
        } else {
            for (EgressPlan.Entry entry : plan.entries()) {
                if (options.edition() == CalicoEdition.OSS && FqdnRules.unaddressed(entry.destination())) {
                    FqdnRules.omit(entry, omissions);
                    continue;
                }
                boolean service = entry.destination().kind() == Destination.Kind.SERVICE;
                for (Map<String, Object> target : targets(entry.destination(), options.edition())) {
                    rules.addAll(portRules(ofFamily(entry.ports(), target), target, !service));
                }
            }
        }
        return rules;
    }

    /**
     * The ports without the ICMP protocol of the other address family than the target's {@code nets}: ICMP beside
     * IPv6 nets, or ICMPv6 beside IPv4 ones, matches nothing (a dual-stack name that was pinged).
     */
    private static SortedMap<String, SortedSet<Integer>> ofFamily(SortedMap<String, SortedSet<Integer>> ports,
                                                                  Map<String, Object> target) {
        if (!(target.get("nets") instanceof List<?> nets) || nets.isEmpty()) {
            return ports;
        }
        String otherIcmp = Cidr.parse(String.valueOf(nets.get(0))).isIpv4() ? Protocols.ICMPV6 : Protocols.ICMP;
        if (!ports.containsKey(otherIcmp)) {
            return ports;
        }
        SortedMap<String, SortedSet<Integer>> kept = new TreeMap<>(ports);
        kept.remove(otherIcmp);
        return kept;
    }

    /** The destination's entity rules: one, except a name's addresses in OSS, one per address family. */
    private static List<Map<String, Object>> targets(Destination d, CalicoEdition edition) {
        if (d.kind() == Destination.Kind.FQDN && edition == CalicoEdition.OSS) {
            return FqdnRules.cidrsByFamily(d).stream().map(nets -> Docs.map("nets", nets)).toList();
        }
        return List.of(target(d));
    }

    private static Map<String, Object> target(Destination d) {
        return switch (d.kind()) {
            case POD -> Docs.map("namespaceSelector", namespaceSelector(d.namespace()),
                "selector", d.labels().isEmpty() ? null : labelSelector(d.labels()));
            case SERVICE -> Docs.map("services", Docs.map("name", d.name(), "namespace", d.namespace()));
            case NETWORK_SET -> Docs.map("namespaceSelector", "global()",
                "selector", RenderLabels.SET + " == " + Names.quote(d.set().name()));
            case NODE, EXTERNAL -> Docs.map("nets", List.of(d.cidr().toString()));
            // Only Calico Enterprise has domain rules; open source gets the name's addresses instead (targets).
            case FQDN -> Docs.map("domains", List.of(d.name()));
        };
    }

    /** One rule per protocol (ports grouped), or per ICMP type; {@code withPorts} false for services. */
    private static List<Map<String, Object>> portRules(SortedMap<String, SortedSet<Integer>> ports,
                                                       Map<String, Object> target, boolean withPorts) {
        List<Map<String, Object>> rules = new ArrayList<>();
        ports.forEach((protocol, numbers) -> {
            boolean any = numbers.contains(-1);
            if (Protocols.isIcmp(protocol) && !any) {
                numbers.forEach(type -> rules.add(rule(protocol, icmpType(type), target)));
            } else if (Protocols.calicoPorts(protocol) && !any && withPorts) {
                Map<String, Object> destination = Docs.map();
                destination.putAll(target);
                destination.put("ports", List.copyOf(numbers));
                rules.add(rule(protocol, null, destination));
            } else {
                rules.add(rule(protocol, null, target));
            }
        });
        return rules;
    }

    /** The rule's {@code icmp} match; none (any type) for 255, which Calico refuses: wider, but seen traffic passes. */
    private static Map<String, Object> icmpType(int type) {
        return type <= Protocols.CALICO_MAX_ICMP_TYPE ? Docs.map("type", type) : null;
    }

    private static Map<String, Object> rule(String protocol, Map<String, Object> icmp, Map<String, Object> dest) {
        return Docs.map("action", "Allow", "protocol", Protocols.calicoValue(protocol), "icmp", icmp,
            "destination", dest.isEmpty() ? null : dest);
    }

    static String namespaceSelector(String namespace) {
        return RenderLabels.CALICO_NAME + " == " + Names.quote(namespace);
    }

    /** {@code a == 'x' && b == 'y'} over labels sorted by key. */
    static String labelSelector(SortedMap<String, String> labels) {
        return labels.entrySet().stream()
            .map(e -> e.getKey() + " == " + Names.quote(e.getValue()))
            .collect(Collectors.joining(" && "));
    }
}
