package io.flowpolicy.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FlowTimeTest {
    private static final long APPENDED = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

    @Test
    void shouldTakeAnEnrichedFlowsTimeFromItsValueNotFromWhenTheBrokerAppendedIt() {
        long flowNanos = Instant.parse("2026-08-01T09:30:00.123456789Z").toEpochMilli() * 1_000_000L + 456_789;
        EnrichedFlow flow = new EnrichedFlow(flowNanos, "node-1", "shop", "web", "web-0", Peer.external("1.2.3.4"),
            "TCP", 443, null);

        assertEquals(Instant.parse("2026-08-01T09:30:00.123Z").toEpochMilli(),
            new FlowTime().extract(record(flow), APPENDED));
        assertEquals(APPENDED, new FlowTime().extract(record(null), 0));
    }

    private static ConsumerRecord<Object, Object> record(Object value) {
        return new ConsumerRecord<>("flowpolicy.flows.enriched", 0, 0, APPENDED,
            org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 0, 0, "shop", value,
            new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}
