package io.flowpolicy.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** How the pipeline's topics are created: partitions, replication, and compaction for the latest-value topics. */
public final class TopicLayout {
    /**
     * Topics whose records the broker stamps with the time it appends them. Kafka's time retention looks at record
     * timestamps; a backfilled line or an old flow, stamped with the flow's own time, would be deleted as soon as its
     * segment rolls, possibly before anyone read it. Nothing reads these records' timestamps: the flow time is in the
     * value, where the Streams app reads an enriched flow's (its stream time) from too.
     */
    static final List<Topic<?, ?>> APPEND_TIME =
        List.of(Topics.ENRICHED_FLOWS, Topics.REJECTED_LINES, Topics.NEW_DESTINATIONS, Topics.STALE_DESTINATIONS);
    /**
     * Raw lines keep the source (Loki) timestamp as their record time, a contract of the raw topic, so time-based
     * retention would delete a backfill of old lines as soon as it is written: the raw topics are bounded by size
     * instead (per partition; raise or lower it with {@code kafka-configs} to fit the disk).
     */
    static final List<Topic<?, ?>> SIZE_RETAINED = List.of(Topics.RAW_LINES, Topics.DNS_QUERIES);
    static final String RAW_RETENTION_BYTES = Long.toString(8L * 1024 * 1024 * 1024);
    /**
     * How far ahead of the broker's clock a record's time may be: unlimited. Records carry the time of the line,
     * flow or interval they hold, and Kafka 4 refuses a batch with a record more than an hour ahead (the broker's
     * {@code log.message.timestamp.after.max.ms}), so one line from a node whose clock runs ahead, or an inventory
     * interval that ends later today, failed its whole transaction or batch. Kafka Streams' internal topics get the
     * same setting ({@code StreamsConfigs}), since their records carry the flow time too.
     */
    public static final String TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String ANY_TIME_AHEAD = Long.toString(Long.MAX_VALUE);

    /**
     * Largest candidate-policy record (and producer request) the pipeline writes: a candidate carries every rule of
     * its namespace, about 180 bytes each, so Kafka's default 1 MiB stops at some 5,800 rules; 16 MiB allows about
     * 90,000.
     */
    public static final int MAX_CANDIDATE_BYTES = 16 * 1024 * 1024;

    private TopicLayout() {
    }

    /**
     * @param partitions        partitions of the line, flow and event topics (the unit of scale-out)
     * @param replicationFactor replication factor of every topic
     */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return Topics.ALL.stream().map(topic -> {
            Map<String, String> configs = new HashMap<>();
            if (!APPEND_TIME.contains(topic)) {
                configs.put(TIMESTAMP_AFTER_MAX_MS, ANY_TIME_AHEAD);
            }
            if (Topics.COMPACTED.contains(topic)) {
                configs.put("cleanup.policy", "compact");
            }
            if (APPEND_TIME.contains(topic)) {
                configs.put("message.timestamp.type", "LogAppendTime");
            }
            if (topic.equals(Topics.CANDIDATE_POLICIES)) {
                configs.put("max.message.bytes", Integer.toString(MAX_CANDIDATE_BYTES));
            }
            if (SIZE_RETAINED.contains(topic)) {
                configs.put("retention.ms", "-1");
                configs.put("retention.bytes", RAW_RETENTION_BYTES);
            }
            int count = Topics.SINGLE_PARTITION.contains(topic) ? 1 : partitions;
            NewTopic created = new NewTopic(topic.name(), count, replicationFactor);
            return configs.isEmpty() ? created : created.configs(Map.copyOf(configs));
        }).toList();
    }
}
