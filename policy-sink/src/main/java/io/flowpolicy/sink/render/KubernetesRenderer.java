package io.flowpolicy.sink.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Kubernetes {@code networking.k8s.io/v1} NetworkPolicy named {@code <ns>-egress}, selecting every pod of the
 * namespace. Kubernetes has no staging, no Log action and no ICMP: the state is only an annotation, tier D
 * "log and allow" becomes "allow all", and ICMP or other non-TCP/UDP/SCTP rules are left out and listed in the
 * {@code flowpolicy.io/omitted} annotation. A destination whose rules were all left out gets no rule at all,
 * since a rule without ports would allow every port. Likewise a DNS name with no known address gets no rule, since
 * an empty {@code to} list would allow every destination.
 *
 * <p>Services: the backing pods are unknown here, so a service peer becomes its namespace
 * ({@code kubernetes.io/metadata.name}) plus a podSelector from the peer's labels when the data carries them,
 * otherwise the whole namespace. Network sets are written inline as one ipBlock per CIDR.
 */
final class KubernetesRenderer {
    private final RenderOptions options;

    KubernetesRenderer(RenderOptions options) {
        this.options = options;
    }

    Map<String, Object> render(EgressPlan plan) {
        Docs.Omissions omissions = new Docs.Omissions();
        List<Map<String, Object>> egress = egress(plan, omissions);
        Map<String, Object> metadata = Docs.metadata(plan, plan.policyName(), omissions);
        FqdnRules.annotate(metadata, plan);
        return Docs.map("apiVersion", "networking.k8s.io/v1", "kind", "NetworkPolicy",
            "metadata", metadata,
            "spec", Docs.map("podSelector", Docs.map(), "policyTypes", List.of("Egress"), "egress", egress));
    }

    private List<Map<String, Object>> egress(EgressPlan plan, Docs.Omissions omissions) {
        List<Map<String, Object>> rules = new ArrayList<>();
        if (plan.tierD() && options.tierD() == TierDPolicy.LOG_ALLOW) {
            omissions.add("Log action (tier D egress is allowed without logging)");
            rules.add(Docs.map());
            return rules;
        }
        if (plan.dns()) {
            rules.add(Docs.map("to", List.of(Docs.map(
                    "namespaceSelector", matchLabels(Map.of(RenderLabels.K8S_NAMESPACE_NAME, "kube-system")),
                    "podSelector", matchLabels(Map.of("k8s-app", "kube-dns")))),
                "ports", List.of(port(Protocols.UDP, 53), port(Protocols.TCP, 53))));
        }
        if (plan.sameNamespace()) {
            rules.add(Docs.map("to", List.of(Docs.map("podSelector", Docs.map()))));
        }
        if (plan.tierD()) {
            List<Map<String, Object>> ports = ports(plan.allPorts(), "any destination", omissions);
            if (!ports.isEmpty()) {
                rules.add(Docs.map("ports", ports));
            }
            return rules;
        }
        for (EgressPlan.Entry entry : plan.entries()) {
            if (FqdnRules.unaddressed(entry.destination())) {
                FqdnRules.omit(entry, omissions);
                continue;
            }
            List<Map<String, Object>> ports = ports(entry.ports(), entry.destination().describe(), omissions);
            if (!ports.isEmpty()) {
                rules.add(Docs.map("to", peers(entry.destination()), "ports", ports));
            }
        }
        return rules;
    }

    private static List<Map<String, Object>> peers(Destination d) {
        return switch (d.kind()) {
            case POD, SERVICE -> List.of(Docs.map(
                "namespaceSelector", matchLabels(Map.of(RenderLabels.K8S_NAMESPACE_NAME, d.namespace())),
                "podSelector", d.labels().isEmpty() ? null : matchLabels(d.labels())));
            case NETWORK_SET -> d.set().cidrs().stream().map(KubernetesRenderer::ipBlock).toList();
            case NODE, EXTERNAL -> List.of(ipBlock(d.cidr().toString()));
            case FQDN -> FqdnRules.cidrs(d).stream().map(KubernetesRenderer::ipBlock).toList();
        };
    }

    private static Map<String, Object> ipBlock(String cidr) {
        return Docs.map("ipBlock", Docs.map("cidr", cidr));
    }

    private static List<Map<String, Object>> ports(SortedMap<String, SortedSet<Integer>> byProtocol, String where,
                                                   Docs.Omissions omissions) {
        List<Map<String, Object>> out = new ArrayList<>();
        byProtocol.forEach((protocol, numbers) -> {
            boolean supported = Protocols.TCP.equals(protocol) || Protocols.UDP.equals(protocol)
                || Protocols.SCTP.equals(protocol);
            if (!supported) {
                numbers.forEach(n -> omissions.add(Protocols.describe(protocol, n) + " to " + where));
            } else if (numbers.contains(-1)) {
                out.add(Docs.map("protocol", protocol));
            } else {
                numbers.forEach(n -> out.add(port(protocol, n)));
            }
        });
        return out;
    }

    private static Map<String, Object> port(String protocol, int port) {
        return Docs.map("protocol", protocol, "port", port);
    }

    private static Map<String, Object> matchLabels(Map<String, String> labels) {
        return Docs.map("matchLabels", new java.util.TreeMap<>(labels));
    }
}
