package io.flowpolicy.model;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** How the pipeline's topics are created: partitions, replication, and compaction for the latest-value topics. */
public final class TopicLayout {
    private TopicLayout() {
    }

    /**
     * @param partitions        partitions of the line, flow and event topics (the unit of scale-out)
     * @param replicationFactor replication factor of every topic
     */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return Topics.ALL.stream().map(topic -> {
            int count = Topics.SINGLE_PARTITION.contains(topic) ? 1 : partitions;
            NewTopic created = new NewTopic(topic.name(), count, replicationFactor);
            return Topics.COMPACTED.contains(topic)
                ? created.configs(Map.of("cleanup.policy", "compact"))
                : created;
        }).toList();
    }
}
