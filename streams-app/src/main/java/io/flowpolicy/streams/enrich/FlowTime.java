package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Timestamps;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * An enriched flow's time from its value, the tracker's stream time. The enriched topic is stamped by the broker when
 * it appends a record, so that its time retention counts from then: with the flow's own time as the record time, a
 * backfill older than the retention was deleted as soon as its segment rolled, flows the tracker had not read yet
 * with it, while a crashed app was down. A record without a flow keeps its record time.
 */
public final class FlowTime implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.value() instanceof EnrichedFlow flow ? Timestamps.toMillis(flow.ts()) : record.timestamp();
    }
}
