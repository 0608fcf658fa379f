package io.flowpolicy.streams.state;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.StaleDestination;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.streams.BusyPunctuation;
import io.flowpolicy.streams.metrics.PipelineCounters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps every (namespace, peer, protocol, port) with first/last seen and count, since observation start and per day,
 * and the days each namespace was seen. Flows from node and unknown sources are kept under the pseudo-namespaces
 * {@code _node} and {@code _unknown}: profiled, never turned into events or candidate policies. Emits a
 * new-destination event on the first sighting of a rule, a stale event when a rule was not seen for the whole
 * retention period, and a fresh profile and candidate policy when a namespace gained or lost a rule or gained a day —
 * not on every flow, and at most once per publish interval: the namespaces that changed are noted in the
 * {@value #UNPUBLISHED_STORE} store and published by a punctuation, so a backfill that finds thousands of rules of a
 * namespace publishes its candidate a few times, not once per rule. The stores are changelogged and the app runs
 * exactly-once, so a replay or restart never emits a second event for the same rule and never forgets a namespace
 * still to publish.
 */
public final class DestinationTracker implements Processor<String, EnrichedFlow, String, Emitted> {
    public static final String DESTINATIONS_STORE = "destinations";
    public static final String DAILY_STORE = "destinations-daily";
    public static final String ACTIVITY_STORE = "namespace-activity";
    public static final String UNPUBLISHED_STORE = "namespaces-unpublished";
    public static final String TOO_LATE = "too-late";
    private static final Duration STALE_SCAN_INTERVAL = Duration.ofHours(1);

    private final ReadinessRules readiness;
    private final Duration retention;
    private final Duration publishInterval;
    private final PipelineCounters counters;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, DestinationStats> destinations;
    private WindowStore<String, DailyStats> daily;
    private KeyValueStore<String, NamespaceActivity> activities;
    private KeyValueStore<String, Long> unpublished;
    private BusyPunctuation publishing;

    /** @param publishInterval how often the profiles and candidates of namespaces that changed are published */
    public DestinationTracker(ReadinessRules readiness, Duration retention, Duration publishInterval,
                              PipelineCounters counters) {
        this.readiness = readiness;
        this.retention = retention;
        this.publishInterval = publishInterval;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.destinations = context.getStateStore(DESTINATIONS_STORE);
        this.daily = context.getStateStore(DAILY_STORE);
        this.activities = context.getStateStore(ACTIVITY_STORE);
        this.unpublished = context.getStateStore(UNPUBLISHED_STORE);
        context.schedule(STALE_SCAN_INTERVAL, PunctuationType.STREAM_TIME, this::dropStaleRules);
        publishing = new BusyPunctuation(context, publishInterval, now -> publishChanged());
        publishing.startIfAny(unpublished);
    }

    @Override
    public void process(Record<String, EnrichedFlow> record) {
        EnrichedFlow flow = record.value();
        if (flow == null) {
            return;
        }
        counters.flowTracked();
        Instant at = Timestamps.ofNanos(flow.ts());
        if (at.toEpochMilli() < context.currentStreamTimeMs() - retention.toMillis()) {
            counters.lineRejected(TOO_LATE);
            rejectTooLate(record, flow, at);
            return;
        }
        String namespace = flow.srcNamespace();
        LocalDate day = at.atZone(readiness.zone()).toLocalDate();
        NamespaceActivity before = activities.get(namespace);
        NamespaceActivity activity = before == null ? NamespaceActivity.first(day)
            : before.hasDay(day) ? before : before.withDay(day);

        Instant last = Timestamps.ofNanos(flow.lastTs());
        String key = DestinationKeys.of(namespace, flow.peer().id(), flow.protocol(), flow.port());
        countDay(key, day, at, last, flow.count());
        DestinationStats known = destinations.get(key);
        boolean newRule = known == null;
        // A rule first seen earlier than known (a lagging node, a backfill) can move the namespace's last new peer.
        boolean firstSeenEarlier = known != null && at.isBefore(known.firstSeen());
        // A rollout narrows a pod selector's labels, a node's new address widens its rule: the candidate changes.
        boolean peerChanged = false;
        if (known != null) {
            DestinationStats updated = known.seenAgain(flow.peer(), flow.srcWorkload(), at, last, flow.count());
            peerChanged = updated.peer() != known.peer() && !updated.peer().equals(known.peer());
            destinations.put(key, updated);
        } else {
            destinations.put(key, new DestinationStats(flow.peer(), flow.protocol(), flow.port(), at, last,
                flow.count(), flow.srcWorkload()));
            if (EnrichedFlow.isPodNamespace(namespace)) {
                boolean learning = readiness.isLearningSighting(activity.firstDay(), day);
                counters.newDestination(learning);
                context.forward(record.withKey(namespace).withValue(Emitted.of(new NewDestination(namespace,
                    flow.peer(), flow.protocol(), flow.port(), at, day, flow.srcWorkload(), learning))));
            }
        }
        // A new rule always changes the candidate, even when it changes nothing of the activity (a late first
        // sighting, earlier than the namespace's last new peer, on a day already observed); so does a changed peer.
        if (newRule || firstSeenEarlier || peerChanged || !activity.equals(before)) {
            if (!activity.equals(before)) {
                activities.put(namespace, activity);
            }
            changed(namespace, record.timestamp());
        }
    }

    /** Flows arrive combined per rule and day, so first..last of one record never crosses into another day. */
    private void countDay(String key, LocalDate day, Instant first, Instant last, long flows) {
        long dayStart = day.atStartOfDay(readiness.zone()).toInstant().toEpochMilli();
        DailyStats known = daily.fetch(key, dayStart);
        daily.put(key, known == null ? new DailyStats(first, last, flows) : known.seenAgain(first, last, flows),
            dayStart);
    }

    private void rejectTooLate(Record<String, EnrichedFlow> record, EnrichedFlow flow, Instant at) {
        String detail = "flow at " + at + " is older than the retention of " + retention.toDays()
            + " days before stream time " + Instant.ofEpochMilli(context.currentStreamTimeMs());
        context.forward(record.withValue(Emitted.of(new RejectedLine(TOO_LATE, detail,
            flow.srcNamespace() + " -> " + flow.peer().id() + " " + flow.protocol() + "/" + flow.port(),
            Long.toString(flow.ts()), Map.of()))));
    }

    /** Drops rules not seen for the whole retention period, so candidate policies shrink. */
    private void dropStaleRules(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        Instant cutoff = now.minus(retention);
        List<KeyValue<String, DestinationStats>> stale = new ArrayList<>();
        try (KeyValueIterator<String, DestinationStats> all = destinations.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.lastSeen().isBefore(cutoff)) {
                    stale.add(entry);
                }
            });
        }
        Set<String> touched = new TreeSet<>();
        for (KeyValue<String, DestinationStats> entry : stale) {
            String namespace = DestinationKeys.namespaceOf(entry.key);
            DestinationStats s = entry.value;
            destinations.delete(entry.key);
            touched.add(namespace);
            context.forward(new Record<>(namespace, Emitted.of(new StaleDestination(namespace, s.peer(), s.protocol(),
                s.port(), s.lastSeen(), now)), streamTime));
        }
        touched.forEach(namespace -> changed(namespace, streamTime));
    }

    /** Notes a namespace whose profile and candidate are to be published, stamped with its latest change's time. */
    private void changed(String namespace, long timestamp) {
        Long noted = unpublished.get(namespace);
        if (noted == null || noted < timestamp) {
            unpublished.put(namespace, timestamp);
        }
        publishing.start();
    }

    /** @return false: every namespace noted is published, and nothing is left for a later tick */
    private boolean publishChanged() {
        List<KeyValue<String, Long>> changed = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = unpublished.all()) {
            all.forEachRemaining(changed::add);
        }
        for (KeyValue<String, Long> entry : changed) {
            NamespaceActivity activity = activities.get(entry.key);
            if (activity != null) {
                emitSnapshot(entry.key, activity, entry.value);
            }
            unpublished.delete(entry.key);
        }
        return false;
    }

    private void emitSnapshot(String namespace, NamespaceActivity activity, long timestamp) {
        NamespaceSnapshot snapshot = new NamespaceSnapshot(namespace, rulesOf(destinations, namespace), activity,
            readiness);
        context.forward(new Record<>(namespace, Emitted.of(snapshot.profile()), timestamp));
        // Node and unknown sources are tracked and profiled so they are reported, but no policy can select them.
        if (EnrichedFlow.isPodNamespace(namespace)) {
            context.forward(new Record<>(namespace, Emitted.of(snapshot.candidate()), timestamp));
        }
    }

    /** Every rule of one namespace, in key order. */
    public static List<DestinationStats> rulesOf(
        org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, DestinationStats> store, String namespace) {
        List<DestinationStats> stats = new ArrayList<>();
        try (KeyValueIterator<String, DestinationStats> it =
                 store.prefixScan(DestinationKeys.namespacePrefix(namespace), new StringSerializer())) {
            it.forEachRemaining(entry -> stats.add(entry.value));
        }
        return stats;
    }
}
