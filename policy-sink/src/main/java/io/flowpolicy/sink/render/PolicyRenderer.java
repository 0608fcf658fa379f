package io.flowpolicy.sink.render;

import io.flowpolicy.model.CandidatePolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders candidate egress policies as YAML files, one per namespace and selected {@link Format}, plus the
 * cluster-wide resources they depend on. Pure and thread-safe: no I/O, and the same input (in any rule order)
 * and options always give byte-identical output.
 *
 * <p>Tier B and C namespaces get an allowlist: DNS to kube-dns, the own namespace (optional), then each
 * destination with its observed protocols and ports. Tier D gets, per {@link TierDPolicy}, log-then-allow or the
 * observed ports to any destination. Calico output is staged until the policy's state is {@code stable}.
 */
public final class PolicyRenderer {
    /** Path of the Calico GlobalNetworkSets written by {@link #renderGlobal}. */
    public static final String NETWORK_SETS_PATH = "global/networksets.yaml";

    private final RenderOptions options;
    private final EgressPlanner planner;

    public PolicyRenderer(RenderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.planner = new EgressPlanner(options);
    }

    /**
     * The files of one namespace: {@code namespaces/<ns>/<format file>} for each selected format.
     *
     * @throws IllegalArgumentException naming the offending value when a namespace, name, label, protocol,
     *                                  port, address, tier or state is invalid
     */
    public RenderedFiles render(CandidatePolicy policy) {
        EgressPlan plan = planner.plan(policy);
        Map<String, String> files = new TreeMap<>();
        String dir = "namespaces/" + plan.namespace() + "/";
        for (Format format : options.formats()) {
            Map<String, Object> document = switch (format) {
                case CALICO -> new CalicoRenderer(options).render(plan);
                case KUBERNETES -> new KubernetesRenderer(options).render(plan);
                case CILIUM -> new CiliumRenderer(options).render(plan);
            };
            files.put(dir + format.fileName(), Yaml.write(List.of(document)));
        }
        return new RenderedFiles(new TreeMap<>(files));
    }

    /**
     * The cluster-wide files for all these policies: {@value #NETWORK_SETS_PATH} with the GlobalNetworkSets the
     * Calico policies refer to. Kubernetes and Cilium carry CIDRs inline and need nothing global. The result is
     * empty when no Calico policy refers to a set; a caller mirroring the files into git should then delete a
     * previous {@value #NETWORK_SETS_PATH}.
     *
     * @throws IllegalArgumentException as {@link #render}
     */
    public RenderedFiles renderGlobal(Collection<CandidatePolicy> all) {
        Map<String, String> files = new TreeMap<>();
        if (!options.formats().contains(Format.CALICO)) {
            return new RenderedFiles(new TreeMap<>(files));
        }
        Set<NetworkSet> used = new TreeSet<>((a, b) -> a.name().compareTo(b.name()));
        for (CandidatePolicy policy : all) {
            EgressPlan plan = planner.plan(policy);
            boolean listsDestinations = !plan.tierD();
            if (listsDestinations) {
                plan.entries().stream().map(e -> e.destination().set()).filter(Objects::nonNull).forEach(used::add);
            }
        }
        if (!used.isEmpty()) {
            files.put(NETWORK_SETS_PATH, Yaml.write(GlobalNetworkSetRenderer.render(used)));
        }
        return new RenderedFiles(new TreeMap<>(files));
    }
}
