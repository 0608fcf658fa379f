package io.flowpolicy.sink;

import io.flowpolicy.sink.git.Publication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the long-running sink counts, as Micrometer meters on a registry the caller owns. Prometheus names:
 * {@code flowpolicy_sink_candidates_applied_total}, {@code flowpolicy_sink_applies_total},
 * {@code flowpolicy_sink_git_commits_total}, {@code flowpolicy_sink_push_failures_total},
 * {@code flowpolicy_sink_pushes_pending}, {@code flowpolicy_sink_namespaces}. Thread-safe.
 */
public final class SinkMeters {
    public static final String CANDIDATES_APPLIED = "flowpolicy.sink.candidates.applied";
    public static final String APPLIES = "flowpolicy.sink.applies";
    public static final String COMMITS = "flowpolicy.sink.git.commits";
    public static final String PUSH_FAILURES = "flowpolicy.sink.push.failures";
    public static final String PUSHES_PENDING = "flowpolicy.sink.pushes.pending";
    public static final String NAMESPACES = "flowpolicy.sink.namespaces";

    private final MeterRegistry registry;
    private final Counter candidatesApplied;
    private final Counter applies;
    private final Counter commits;
    private final Counter pushFailures;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger namespaces = new AtomicInteger();

    public SinkMeters(MeterRegistry registry) {
        this.registry = registry;
        this.candidatesApplied = Counter.builder(CANDIDATES_APPLIED)
            .description("Candidate-policy records read that changed a namespace's kept candidate").register(registry);
        this.applies = Counter.builder(APPLIES)
            .description("Renders of the repository (each may or may not commit)").register(registry);
        this.commits = Counter.builder(COMMITS).description("Git commits made").register(registry);
        this.pushFailures = Counter.builder(PUSH_FAILURES)
            .description("Pushes that failed and were kept for a retry").register(registry);
        Gauge.builder(PUSHES_PENDING, pending, AtomicInteger::get)
            .description("1 while local commits wait for a push, else 0").register(registry);
        Gauge.builder(NAMESPACES, namespaces, AtomicInteger::get)
            .description("Namespaces with a candidate policy at the last render").register(registry);
    }

    /** Meters nobody scrapes, for callers that do not export metrics. */
    public static SinkMeters unexported() {
        return new SinkMeters(new SimpleMeterRegistry());
    }

    /** The registry the meters are on, e.g. to bind the consumer's client metrics. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A candidate record changed the kept candidates (a new or changed policy, or a deletion). */
    public void candidateApplied() {
        candidatesApplied.increment();
    }

    /** The repository was rendered from {@code namespaceCount} candidates with this outcome. */
    public void published(int namespaceCount, Publication publication) {
        applies.increment();
        namespaces.set(namespaceCount);
        if (publication.commit().isPresent()) {
            commits.increment();
        }
        boolean failed = publication.push() == Publication.PushState.PENDING;
        if (failed) {
            pushFailures.increment();
        }
        pending.set(failed ? 1 : 0);
    }
}
