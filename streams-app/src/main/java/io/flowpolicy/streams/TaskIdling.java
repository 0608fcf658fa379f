package io.flowpolicy.streams;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Whether a topology's tasks need Kafka Streams' task idling ({@code max.task.idle.ms}): waiting, before processing
 * a record, until every input partition of the task has data buffered or is known to have none, so records of
 * several partitions are processed in time order. A task that reads one partition has nothing to wait for, yet the
 * check runs before every record (a set and a walk over the task's partitions each time). Without DNS naming every
 * flowpolicy task reads one partition; with it, the naming subtopology merges two topics and keeps the default.
 */
public final class TaskIdling {
    private TaskIdling() {
    }

    /** Turns task idling off in {@code props} when no subtopology of {@code topology} reads more than one topic. */
    public static void disableWhereUnneeded(Topology topology, Properties props) {
        if (!needed(topology)) {
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
    }

    /** Whether some subtopology reads more than one topic, so its tasks read more than one partition. */
    static boolean needed(Topology topology) {
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            Set<String> topics = new HashSet<>();
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    if (source.topicSet() == null) {
                        return true; // a pattern subscription: any number of topics
                    }
                    topics.addAll(source.topicSet());
                }
            }
            if (topics.size() > 1) {
                return true;
            }
        }
        return false;
    }
}
