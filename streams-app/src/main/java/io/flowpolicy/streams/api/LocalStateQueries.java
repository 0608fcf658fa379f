package io.flowpolicy.streams.api;

import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.streams.state.DestinationStats;
import io.flowpolicy.streams.state.DestinationTracker;
import io.flowpolicy.streams.state.NamespaceActivity;
import io.flowpolicy.streams.state.NamespaceSnapshot;
import io.flowpolicy.streams.state.ReadinessRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers state questions from the stores this instance holds (its own partitions only).
 *
 * @throws org.apache.kafka.streams.errors.InvalidStateStoreException from every method while stores migrate
 */
final class LocalStateQueries {
    private final KafkaStreams streams;
    private final ReadinessRules readiness;

    LocalStateQueries(KafkaStreams streams, ReadinessRules readiness) {
        this.streams = streams;
        this.readiness = readiness;
    }

    /** A namespace's detail: its profile and every rule; empty when this instance has never seen it. */
    Optional<NamespaceDetail> namespace(String namespace) {
        NamespaceActivity activity = activities().get(namespace);
        if (activity == null) {
            return Optional.empty();
        }
        NamespaceSnapshot snapshot = new NamespaceSnapshot(namespace,
            DestinationTracker.rulesOf(destinations(), namespace), activity, readiness);
        return Optional.of(new NamespaceDetail(snapshot.profile(), snapshot.candidate().rules()));
    }

    List<NamespaceProfile> profiles() {
        List<NamespaceProfile> profiles = new ArrayList<>();
        try (KeyValueIterator<String, NamespaceActivity> all = activities().all()) {
            all.forEachRemaining(entry -> namespace(entry.key).ifPresent(d -> profiles.add(d.profile())));
        }
        return profiles;
    }

    /** First sightings at or after {@code since}, oldest first. */
    List<NewDestination> newDestinationsSince(Instant since) {
        List<NewDestination> events = new ArrayList<>();
        ReadOnlyKeyValueStore<String, NamespaceActivity> activities = activities();
        try (KeyValueIterator<String, DestinationStats> all = destinations().all()) {
            all.forEachRemaining(entry -> {
                DestinationStats s = entry.value;
                if (s.firstSeen().isBefore(since)) {
                    return;
                }
                String namespace = entry.key.substring(0, entry.key.indexOf('\u0000'));
                NamespaceActivity activity = activities.get(namespace);
                var day = s.firstSeen().atZone(readiness.zone()).toLocalDate();
                boolean learning = activity != null && readiness.isLearningSighting(activity.firstDay(), day);
                events.add(new NewDestination(namespace, s.peer(), s.protocol(), s.port(), s.firstSeen(), day,
                    s.sourceWorkload(), learning));
            });
        }
        events.sort(Comparator.comparing(NewDestination::firstSeen));
        return events;
    }

    private ReadOnlyKeyValueStore<String, NamespaceActivity> activities() {
        return streams.store(StoreQueryParameters.fromNameAndType(DestinationTracker.ACTIVITY_STORE,
            QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, DestinationStats> destinations() {
        return streams.store(StoreQueryParameters.fromNameAndType(DestinationTracker.DESTINATIONS_STORE,
            QueryableStoreTypes.keyValueStore()));
    }

    /** The answer of {@code GET /api/namespaces/{ns}}. */
    record NamespaceDetail(NamespaceProfile profile, List<CandidateRule> rules) {
    }
}
