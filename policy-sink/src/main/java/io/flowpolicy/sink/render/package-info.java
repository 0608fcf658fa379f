/**
 * Deterministic rendering of candidate egress policies into Calico, Kubernetes and Cilium YAML.
 *
 * <p>Public surface: {@link io.flowpolicy.sink.render.PolicyRenderer}, {@link io.flowpolicy.sink.render.RenderOptions}
 * (with {@link io.flowpolicy.sink.render.Format}, {@link io.flowpolicy.sink.render.CalicoEdition},
 * {@link io.flowpolicy.sink.render.TierDPolicy}), {@link io.flowpolicy.sink.render.NetworkSets} /
 * {@link io.flowpolicy.sink.render.NetworkSet} and {@link io.flowpolicy.sink.render.RenderedFiles}. Everything else is
 * package-private.
 *
 * <p>Flow: {@code EgressPlanner} validates and normalises a policy into a format-neutral {@code EgressPlan} (DNS,
 * same-namespace, sorted destinations with ports); {@code CalicoRenderer}, {@code KubernetesRenderer} and
 * {@code CiliumRenderer} translate the plan into ordered maps; {@code Yaml} is the only YAML writer. The
 * per-format classes document their choices: the same-namespace rule as an explicit
 * {@code projectcalico.org/name} namespace selector, unlabelled pod peers and service peers as "their whole
 * namespace" where no pod labels are known, ICMP and other protocols a format lacks listed in the
 * {@code flowpolicy.io/omitted} annotation.
 *
 * <p>Golden files of the tests live in {@code policy-sink/src/test/resources/golden/}; rewrite them with
 * {@code mvn ... test -Dgolden.update=true} and review the git diff.
 */
package io.flowpolicy.sink.render;
