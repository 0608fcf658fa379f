package io.flowpolicy.local;

import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a finished run left on the output topics, read back as a dashboard would see it. */
record PipelineOutputs(Map<String, NamespaceProfile> profiles, List<NewDestination> newDestinations,
                       Map<String, Long> rejectedByReason) {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    static PipelineOutputs read(String bootstrapServers) {
        Map<String, NamespaceProfile> profiles = TopicReader.latestByKey(bootstrapServers, Topics.PROFILES, READ_TIMEOUT);
        // In the order read: the summary lists them by their rules' first sightings (FirstSightings).
        List<NewDestination> events = TopicReader.readAll(bootstrapServers, Topics.NEW_DESTINATIONS, READ_TIMEOUT)
            .stream().map(ConsumerRecord::value).toList();
        return new PipelineOutputs(profiles, events, rejectedByReason(bootstrapServers));
    }

    /** The rejected-lines topic so far, counted by reason. */
    static Map<String, Long> rejectedByReason(String bootstrapServers) {
        Map<String, Long> byReason = new TreeMap<>();
        for (ConsumerRecord<String, RejectedLine> r : TopicReader.readAll(bootstrapServers, Topics.REJECTED_LINES,
            READ_TIMEOUT)) {
            byReason.merge(r.value().reason(), 1L, Long::sum);
        }
        return byReason;
    }

    /** These outputs without the rejections counted in {@code elsewhere} (the DNS lines'). */
    PipelineOutputs without(Map<String, Long> elsewhere) {
        Map<String, Long> byReason = new TreeMap<>(rejectedByReason);
        elsewhere.forEach((reason, n) -> byReason.computeIfPresent(reason, (r, total) -> total > n ? total - n : null));
        return new PipelineOutputs(profiles, newDestinations, byReason);
    }

    /** Profiles of pod namespaces only, without the {@code _node}/{@code _unknown} source categories. */
    Map<String, NamespaceProfile> namespaceProfiles() {
        Map<String, NamespaceProfile> namespaces = new TreeMap<>(profiles);
        namespaces.keySet().removeIf(ns -> !io.flowpolicy.model.EnrichedFlow.isPodNamespace(ns));
        return namespaces;
    }

    long rejected() {
        return total(rejectedByReason);
    }

    static long total(Map<String, Long> byReason) {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
