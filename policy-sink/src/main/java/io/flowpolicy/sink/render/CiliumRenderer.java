package io.flowpolicy.sink.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Cilium {@code cilium.io/v2} CiliumNetworkPolicy named {@code <ns>-egress}, selecting every endpoint of the
 * namespace. Pods and services become {@code toEndpoints} with the namespace label
 * {@code k8s:io.kubernetes.pod.namespace} and the peer's labels under the {@code k8s:} source (a service without
 * labels: its whole namespace, as for Kubernetes). Nodes, external peers and network sets become {@code toCIDR}.
 * ICMP types go to a separate rule's {@code icmps}; "any ICMP type" and protocols other than TCP/UDP/SCTP cannot be
 * expressed and are listed in the {@code flowpolicy.io/omitted} annotation. DNS to kube-dns carries a
 * {@code rules.dns} match-all so that Cilium's DNS proxy sees the names, as its FQDN rules need.
 *
 * <p>Caveat: by default Cilium's CIDR rules do not select cluster nodes ({@code policy-cidr-match-mode}); node
 * peers are still written as CIDRs so the policy states what was observed.
 */
final class CiliumRenderer {
    // Cilium's CRD caps ports per PortRule and fields per ICMPRule at 40
    private static final int MAX_ITEMS = 40;
    private final RenderOptions options;

    CiliumRenderer(RenderOptions options) {
        this.options = options;
    }

    Map<String, Object> render(EgressPlan plan) {
        Docs.Omissions omissions = new Docs.Omissions();
        List<Map<String, Object>> egress = egress(plan, omissions);
        return Docs.map("apiVersion", "cilium.io/v2", "kind", "CiliumNetworkPolicy",
            "metadata", Docs.metadata(plan, plan.policyName(), omissions),
            "spec", Docs.map("endpointSelector", Docs.map(), "egress", egress));
    }

    private List<Map<String, Object>> egress(EgressPlan plan, Docs.Omissions omissions) {
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<String, Object> world = Docs.map("toEntities", List.of("all"));
        if (plan.tierD() && options.tierD() == TierDPolicy.LOG_ALLOW) {
            omissions.add("Log action (tier D egress is allowed without logging)");
            rules.add(world);
            return rules;
        }
        if (plan.dns()) {
            Map<String, String> labels = new TreeMap<>(Map.of(RenderLabels.CILIUM_NAMESPACE, "kube-system",
                "k8s:k8s-app", "kube-dns"));
            rules.add(Docs.map("toEndpoints", List.of(Docs.map("matchLabels", labels)),
                "toPorts", List.of(Docs.map(
                    "ports", List.of(port(Protocols.UDP, 53), port(Protocols.TCP, 53)),
                    "rules", Docs.map("dns", List.of(Docs.map("matchPattern", "*")))))));
        }
        if (plan.sameNamespace()) {
            rules.add(Docs.map("toEndpoints", List.of(Docs.map("matchLabels",
                Map.of(RenderLabels.CILIUM_NAMESPACE, plan.namespace())))));
        }
        if (plan.tierD()) {
            rules.addAll(l4Rules(world, plan.allPorts(), "any destination", omissions));
            return rules;
        }
        for (EgressPlan.Entry entry : plan.entries()) {
            rules.addAll(l4Rules(peers(entry.destination()), entry.ports(), entry.destination().describe(),
                omissions));
        }
        return rules;
    }

    private static Map<String, Object> peers(Destination d) {
        return switch (d.kind()) {
            case POD, SERVICE -> {
                Map<String, String> labels = new TreeMap<>();
                labels.put(RenderLabels.CILIUM_NAMESPACE, d.namespace());
                d.labels().forEach((k, v) -> labels.put("k8s:" + k, v));
                yield Docs.map("toEndpoints", List.of(Docs.map("matchLabels", labels)));
            }
            case NETWORK_SET -> Docs.map("toCIDR", d.set().cidrs());
            case NODE, EXTERNAL -> Docs.map("toCIDR", List.of(d.cidr().toString()));
            case FQDN -> Docs.map("toFQDNs", List.of(Docs.map("matchName", d.name())));
        };
    }

    /** Up to two rules for one peer: its ports, and its ICMP types; none when nothing is expressible. */
    private static List<Map<String, Object>> l4Rules(Map<String, Object> peer,
                                                     SortedMap<String, SortedSet<Integer>> byProtocol,
                                                     String where, Docs.Omissions omissions) {
        List<Map<String, Object>> ports = new ArrayList<>();
        List<Map<String, Object>> icmpFields = new ArrayList<>();
        byProtocol.forEach((protocol, numbers) -> numbers.forEach(n -> {
            boolean l4 = Protocols.TCP.equals(protocol) || Protocols.UDP.equals(protocol)
                || Protocols.SCTP.equals(protocol);
            if (l4) {
                ports.add(n == -1 ? Docs.map("protocol", protocol) : port(protocol, n));
            } else if (Protocols.isIcmp(protocol) && n != -1) {
                icmpFields.add(Docs.map("family", Protocols.ICMP.equals(protocol) ? "IPv4" : "IPv6", "type", n));
            } else {
                omissions.add(Protocols.describe(protocol, n) + " to " + where);
            }
        }));
        List<Map<String, Object>> rules = new ArrayList<>();
        if (!ports.isEmpty()) {
            Map<String, Object> rule = Docs.map();
            rule.putAll(peer);
            rule.put("toPorts", Docs.chunks(ports, MAX_ITEMS).stream().map(c -> Docs.map("ports", c)).toList());
            rules.add(rule);
        }
        if (!icmpFields.isEmpty()) {
            Map<String, Object> rule = Docs.map();
            rule.putAll(peer);
            rule.put("icmps", Docs.chunks(icmpFields, MAX_ITEMS).stream().map(c -> Docs.map("fields", c)).toList());
            rules.add(rule);
        }
        return rules;
    }

    private static Map<String, Object> port(String protocol, int port) {
        // Cilium's port is a string
        return Docs.map("port", String.valueOf(port), "protocol", protocol);
    }
}
