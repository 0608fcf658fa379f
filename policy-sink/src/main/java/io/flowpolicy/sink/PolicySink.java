package io.flowpolicy.sink;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.git.Publication;
import io.flowpolicy.sink.render.NameAddresses;
import io.flowpolicy.sink.render.PolicyRenderer;
import io.flowpolicy.sink.render.RenderOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders candidate policies, REPORT.md and the recorded state into the policy repository, committing only real
 * changes with a message that lists them, and pushing when the repository is remote. A candidate the renderer
 * refuses (a hostile namespace, label or address) is left out and listed in the report; it never blocks the
 * others. Blocking; not thread-safe.
 */
public final class PolicySink {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySink.class);
    /** Directories whose files the sink owns: a file there that is no longer rendered is deleted. */
    static final Set<String> OWNED_DIRECTORIES = Set.of("namespaces", "global");
    static final String REPORT_PATH = "REPORT.md";

    private final RenderOptions renderOptions;
    private final PolicyRenderer renderer;
    private final ReportSettings reportSettings;
    private final PolicyRepository repository;

    public PolicySink(RenderOptions renderOptions, ReportSettings reportSettings, PolicyRepository repository) {
        this.renderOptions = Objects.requireNonNull(renderOptions, "renderOptions");
        this.renderer = new PolicyRenderer(renderOptions);
        this.reportSettings = Objects.requireNonNull(reportSettings, "reportSettings");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    /**
     * Writes every namespace's policies, the shared resources, REPORT.md and {@value PolicyState#PATH}; deletes the
     * files of namespaces that no longer have a candidate; commits and pushes when anything changed. Without any
     * candidate it can render, it changes nothing (and still pushes what an earlier call could not).
     *
     * @param profiles    namespace profiles for the report, by namespace (may be empty)
     * @param observation what is known about the observation window and line counts
     */
    public Publication apply(Collection<CandidatePolicy> candidates, Map<String, NamespaceProfile> profiles,
                             Observation observation) {
        return apply(candidates, profiles, observation, renderer, renderOptions);
    }

    /**
     * As {@link #apply(Collection, Map, Observation)}, with the current addresses of DNS names, which change while a
     * long-running sink runs (the names topic), replacing those of the render options.
     */
    public Publication apply(Collection<CandidatePolicy> candidates, Map<String, NamespaceProfile> profiles,
                             Observation observation, NameAddresses names) {
        RenderOptions options = renderOptions.withNameAddresses(names);
        return apply(candidates, profiles, observation, new PolicyRenderer(options), options);
    }

    private Publication apply(Collection<CandidatePolicy> candidates, Map<String, NamespaceProfile> profiles,
                              Observation observation, PolicyRenderer renderer, RenderOptions renderOptions) {
        SortedMap<String, String> files = new TreeMap<>();
        SortedMap<String, String> rejected = new TreeMap<>();
        List<CandidatePolicy> rendered = new ArrayList<>();
        for (CandidatePolicy policy : candidates) {
            try {
                files.putAll(renderer.render(policy).files());
                rendered.add(policy);
            } catch (IllegalArgumentException e) {
                String ns = MarkdownText.printable(policy.namespace());
                LOG.warn("candidate policy of namespace {} not rendered: {}", ns, e.getMessage());
                rejected.put(ns, e.getMessage());
            }
        }
        if (rendered.isEmpty()) {
            // Nothing to go on (a source that matched no line, a wrong prefix or inventory, an empty topic) is no
            // reason to delete every namespace's reviewed policy. Each caller warns in its own terms of why.
            LOG.info("no candidate policy {}: the policy repository is left as it was",
                candidates.isEmpty() ? "to write" : "could be rendered");
            return repository.keep();
        }
        files.putAll(renderer.renderGlobal(rendered).files());
        files.put(REPORT_PATH, PolicyReport.render(new PolicyReport.Input(rendered, profiles, observation,
            reportSettings, renderOptions.networkSets(), rejected)));
        PolicyState state = PolicyState.of(rendered, renderOptions.nameAddresses());
        files.put(PolicyState.PATH, state.toJson());
        Publication publication = repository.publish(files, OWNED_DIRECTORIES,
            previous -> ChangeMessage.between(PolicyState.parse(previous.apply(PolicyState.PATH)), state));
        publication.commit().ifPresent(c -> LOG.info("committed {} ({} namespaces), push: {}", c, rendered.size(),
            publication.push()));
        return publication;
    }
}
