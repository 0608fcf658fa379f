package io.flowpolicy.streams.api;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Peer;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.streams.state.DestinationStats;
import io.flowpolicy.streams.state.DestinationTracker;
import io.flowpolicy.streams.state.NamespaceActivity;
import io.flowpolicy.streams.state.NamespaceSnapshot;
import io.flowpolicy.streams.state.ReadinessRules;
import io.flowpolicy.streams.state.DailyStats;
import io.flowpolicy.streams.state.DestinationKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.kstream.Windowed;

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
        return Optional.of(NamespaceDetail.of(snapshot.profile(), snapshot.candidate().rules()));
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
                if (!EnrichedFlow.isPodNamespace(namespace)) {
                    // As on the topic: node and unknown sources are profiled, never alerted on.
                    return;
                }
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

    /**
     * A namespace's distinct peers and flows per day, from its first to its last day in the daily store (days
     * without flows in between are zeros); empty when this instance has never seen it.
     */
    Optional<NamespaceDays> days(String namespace) {
        if (activities().get(namespace) == null) {
            return Optional.empty();
        }
        TreeMap<LocalDate, Set<String>> peers = new TreeMap<>();
        TreeMap<LocalDate, Long> flows = new TreeMap<>();
        String prefix = DestinationKeys.namespacePrefix(namespace);
        // Keys are "<ns> NUL <peer> NUL ...": every key of the namespace sorts between "<ns> NUL" and "<ns> SOH".
        String upTo = namespace + '\u0001';
        try (KeyValueIterator<Windowed<String>, DailyStats> it =
                 daily().fetch(prefix, upTo, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            it.forEachRemaining(entry -> {
                if (!entry.key.key().startsWith(prefix)) {
                    return;
                }
                LocalDate day = entry.key.window().startTime().atZone(readiness.zone()).toLocalDate();
                String peer = entry.key.key().substring(prefix.length(), entry.key.key().indexOf('\u0000',
                    prefix.length()));
                peers.computeIfAbsent(day, d -> new HashSet<>()).add(peer);
                flows.merge(day, entry.value.count(), Long::sum);
            });
        }
        List<DayCount> days = new ArrayList<>();
        if (!peers.isEmpty()) {
            for (LocalDate day = peers.firstKey(); !day.isAfter(peers.lastKey()); day = day.plusDays(1)) {
                days.add(new DayCount(day, peers.getOrDefault(day, Set.of()).size(), flows.getOrDefault(day, 0L)));
            }
        }
        return Optional.of(new NamespaceDays(namespace, readiness.zone().getId(), days));
    }

    private ReadOnlyWindowStore<String, DailyStats> daily() {
        return streams.store(StoreQueryParameters.fromNameAndType(DestinationTracker.DAILY_STORE,
            QueryableStoreTypes.windowStore()));
    }

    private ReadOnlyKeyValueStore<String, NamespaceActivity> activities() {
        return streams.store(StoreQueryParameters.fromNameAndType(DestinationTracker.ACTIVITY_STORE,
            QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, DestinationStats> destinations() {
        return streams.store(StoreQueryParameters.fromNameAndType(DestinationTracker.DESTINATIONS_STORE,
            QueryableStoreTypes.keyValueStore()));
    }

    /**
     * The answer of {@code GET /api/namespaces/{ns}}.
     *
     * @param names the DNS names of the namespace's external peers (docs/dns.md), sorted; empty without DNS naming
     * @param hints PTR hints of unnamed external peers, by address
     */
    record NamespaceDetail(NamespaceProfile profile, List<CandidateRule> rules, List<String> names,
                           Map<String, String> hints) {

        static NamespaceDetail of(NamespaceProfile profile, List<CandidateRule> rules) {
            SortedSet<String> names = new TreeSet<>();
            Map<String, String> hints = new TreeMap<>();
            for (CandidateRule rule : rules) {
                Peer peer = rule.peer();
                if (Peer.FQDN.equals(peer.kind()) && peer.name() != null) {
                    names.add(peer.name());
                }
                names.addAll(peer.names());
                if (peer.hint() != null && peer.ip() != null) {
                    hints.put(peer.ip(), peer.hint());
                }
            }
            return new NamespaceDetail(profile, rules, List.copyOf(names), hints);
        }
    }

    /** The answer of {@code GET /api/namespaces/{ns}/days}; {@code zone} is the zone whose days are counted. */
    record NamespaceDays(String namespace, String zone, List<DayCount> days) {
    }

    /** One day of a namespace: distinct peers seen and flows counted that day. */
    record DayCount(LocalDate day, int peers, long flows) {
    }
}
