package io.flowpolicy.streams.errors;

import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.metrics.PipelineCounters;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the app running on records it cannot deserialize. A raw-topic record with no valid {@code RawLine} JSON
 * document in it goes to the rejected-lines topic with reason {@value #REASON} (the bad documents of a record that
 * also holds good lines are rejected by the processor instead), written by Kafka Streams in the same
 * transaction as the consumed offset (exactly once, like every other rejection). Bad records on other topics
 * (the inventory, read by the global thread, which cannot produce) are counted and logged.
 *
 * <p>Counts go to the {@link PipelineCounters} put in the streams properties under {@link #COUNTERS_CONFIG}.
 */
public final class MalformedRecordHandler implements DeserializationExceptionHandler {
    public static final String REASON = "malformed-record";
    public static final String COUNTERS_CONFIG = "flowpolicy.pipeline.counters";
    /** Enough bytes of a bad value to show what it was; RejectedLine keeps at most 2048 characters anyway. */
    private static final int SHOWN_BYTES = 4096;
    private static final int DETAIL_CHARS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(MalformedRecordHandler.class);

    private PipelineCounters counters = PipelineCounters.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTERS_CONFIG) instanceof PipelineCounters given) {
            counters = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        // One line per bad record, no stack trace: a flood of garbage must not bury the log.
        LOG.warn("malformed record at {}-{} offset {} skipped: {}", record.topic(), record.partition(),
            record.offset(), abbreviate(String.valueOf(exception.getCause() != null ? exception.getCause()
                : exception)));
        if (!Topics.RAW_LINES.name().equals(record.topic())) {
            if (Topics.INVENTORY.name().equals(record.topic())) {
                counters.inventoryRejected(REASON);
            }
            return Response.resume();
        }
        counters.lineRejected(REASON);
        return Response.resume(List.of(rejected(record, exception)));
    }

    private static ProducerRecord<byte[], byte[]> rejected(ConsumerRecord<byte[], byte[]> record, Exception e) {
        RejectedLine line = new RejectedLine(REASON, abbreviate("not a valid raw line record ("
            + position(record.topic(), record.partition(), record.offset()) + "): " + e.getMessage()),
            shown(record.value()), null, null);
        return new ProducerRecord<>(Topics.REJECTED_LINES.name(), null, record.timestamp(), record.key(),
            Topics.REJECTED_LINES.valueSerde().serializer().serialize(Topics.REJECTED_LINES.name(), line));
    }

    /** Where a record is, as rejection details name it: {@code <topic>-<partition> offset <offset>}. */
    public static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + " offset " + offset;
    }

    /** The start of the value as text; bytes that are not UTF-8 become U+FFFD rather than failing again. */
    static String shown(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer head = ByteBuffer.wrap(value, 0, Math.min(value.length, SHOWN_BYTES));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(head).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= DETAIL_CHARS ? text : text.substring(0, DETAIL_CHARS) + "…";
    }
}
