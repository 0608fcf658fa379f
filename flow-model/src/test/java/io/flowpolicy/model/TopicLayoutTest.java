package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {
    private final Map<String, NewTopic> topics = TopicLayout.newTopics(3, (short) 1).stream()
        .collect(Collectors.toMap(NewTopic::name, t -> t));

    @Test
    void shouldStampLinesAndEventsWithAppendTimeSoThatRetentionCountsFromIngestionNotFromTheFlow() {
        for (Topic<?, ?> topic : TopicLayout.APPEND_TIME) {
            assertEquals("LogAppendTime", config(topic, "message.timestamp.type"), topic.name());
        }
    }

    @Test
    void shouldKeepTheLokiTimestampOnRawLinesAndBoundThemBySizeNotByTime() {
        for (Topic<?, ?> topic : TopicLayout.SIZE_RETAINED) {
            assertEquals(null, config(topic, "message.timestamp.type"), topic.name());
            assertEquals("-1", config(topic, "retention.ms"), topic.name());
            assertEquals(TopicLayout.RAW_RETENTION_BYTES, config(topic, "retention.bytes"), topic.name());
        }
    }

    @Test
    void shouldAcceptRecordsStampedAheadOfTheBrokersClockOnEveryTopicThatKeepsTheSourceTime() {
        for (Topic<?, ?> topic : Topics.ALL) {
            String expected = TopicLayout.APPEND_TIME.contains(topic) ? null : Long.toString(Long.MAX_VALUE);
            assertEquals(expected, config(topic, "message.timestamp.after.max.ms"), topic.name());
        }
    }

    @Test
    void shouldStampEnrichedFlowsAtAppendSoThatABackfillOfOldFlowsOutlivesItsFirstSegmentRoll() {
        assertEquals("LogAppendTime", config(Topics.ENRICHED_FLOWS, "message.timestamp.type"));
        assertEquals(null, config(Topics.ENRICHED_FLOWS, "retention.ms"));
    }

    @Test
    void shouldCompactTheLatestValueTopics() {
        for (Topic<?, ?> topic : Topics.COMPACTED) {
            assertEquals("compact", config(topic, "cleanup.policy"), topic.name());
        }
        assertEquals(Topics.ALL.size(), topics.size());
    }

    private String config(Topic<?, ?> topic, String name) {
        Map<String, String> configs = topics.get(topic.name()).configs();
        return configs == null ? null : configs.get(name);
    }
}
