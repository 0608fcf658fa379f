package io.flowpolicy.streams.state;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every (namespace, peer, protocol, port) with first/last seen and count, and the days each namespace was
 * seen. Emits a new-destination event on the first sighting of a rule, and a fresh profile and candidate policy
 * when a namespace gains a rule or a day, not on every flow. The stores are changelogged and the app runs
 * exactly-once, so a replay or restart never emits a second event for the same rule.
 */
public final class DestinationTracker implements Processor<String, EnrichedFlow, String, Emitted> {
    public static final String DESTINATIONS_STORE = "destinations";
    public static final String ACTIVITY_STORE = "namespace-activity";

    private final ReadinessRules readiness;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, DestinationStats> destinations;
    private KeyValueStore<String, NamespaceActivity> activities;

    public DestinationTracker(ReadinessRules readiness) {
        this.readiness = readiness;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.destinations = context.getStateStore(DESTINATIONS_STORE);
        this.activities = context.getStateStore(ACTIVITY_STORE);
    }

    @Override
    public void process(Record<String, EnrichedFlow> record) {
        EnrichedFlow flow = record.value();
        if (flow == null || !EnrichedFlow.isPodNamespace(flow.srcNamespace())) {
            return;
        }
        String namespace = flow.srcNamespace();
        Instant at = Timestamps.ofNanos(flow.ts());
        LocalDate day = at.atZone(readiness.zone()).toLocalDate();
        NamespaceActivity before = activities.get(namespace);
        NamespaceActivity activity = before == null ? NamespaceActivity.first(day)
            : before.hasDay(day) ? before : before.withDay(day);

        String key = DestinationKeys.of(namespace, flow.peer().id(), flow.protocol(), flow.port());
        DestinationStats known = destinations.get(key);
        if (known != null) {
            destinations.put(key, known.seenAgain(at));
        } else {
            destinations.put(key, new DestinationStats(flow.peer(), flow.protocol(), flow.port(), at, at, 1,
                flow.srcWorkload()));
            activity = activity.withNewPeerAt(at);
            boolean learning = readiness.isLearningSighting(activity.firstDay(), day);
            context.forward(record.withKey(namespace).withValue(Emitted.of(new NewDestination(namespace, flow.peer(),
                flow.protocol(), flow.port(), at, day, flow.srcWorkload(), learning))));
        }
        if (!activity.equals(before)) {
            activities.put(namespace, activity);
            emitSnapshot(record, namespace, activity);
        }
    }

    private void emitSnapshot(Record<String, EnrichedFlow> record, String namespace, NamespaceActivity activity) {
        List<DestinationStats> stats = new ArrayList<>();
        try (KeyValueIterator<String, DestinationStats> it =
                 destinations.prefixScan(DestinationKeys.namespacePrefix(namespace), new StringSerializer())) {
            it.forEachRemaining(entry -> stats.add(entry.value));
        }
        NamespaceSnapshot snapshot = new NamespaceSnapshot(namespace, stats, activity, readiness);
        context.forward(record.withKey(namespace).withValue(Emitted.of(snapshot.profile())));
        context.forward(record.withKey(namespace).withValue(Emitted.of(snapshot.candidate())));
    }
}
