package io.flowpolicy.sink;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.render.PolicyRenderer;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Renders candidate policies and the report into the policy repository, committing only real changes. */
public final class PolicySink {
    private final PolicyRenderer renderer;
    private final PolicyRepository repository;

    public PolicySink(PolicyRenderer renderer, PolicyRepository repository) {
        this.renderer = renderer;
        this.repository = repository;
    }

    /**
     * Writes every namespace's policies, the shared resources and REPORT.md.
     *
     * @return the new commit, or empty when nothing changed
     */
    public Optional<String> apply(Collection<CandidatePolicy> policies) {
        SortedMap<String, String> files = new TreeMap<>();
        for (CandidatePolicy policy : policies) {
            files.putAll(renderer.render(policy).files());
        }
        files.putAll(renderer.renderGlobal(policies).files());
        files.put("REPORT.md", PolicyReport.render(policies));
        return repository.commitIfChanged(files, "flowpolicy: update egress policies of " + policies.size()
            + " namespace" + (policies.size() == 1 ? "" : "s"));
    }
}
