package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads and writes ingest cursors on the compacted checkpoint topic ({@link Topics#INGEST_CHECKPOINTS}).
 *
 * <p>Read only after the source's transactional producer has called {@code initTransactions}: that fences a
 * crashed predecessor and aborts its open transaction, so the read_committed read below is not held back by it
 * and sees the last checkpoint that really committed.
 */
public final class CheckpointStore {
    private CheckpointStore() {
    }

    /**
     * The latest committed checkpoint of a source, if any.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within the timeout
     */
    public static Optional<IngestCheckpoint> read(String bootstrapServers, String sourceId, Duration timeout) {
        return Optional.ofNullable(readAll(bootstrapServers, timeout).get(sourceId));
    }

    /**
     * The latest committed checkpoint of every source, by source id: one read of the topic for several ids.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within the timeout
     */
    public static Map<String, IngestCheckpoint> readAll(String bootstrapServers, Duration timeout) {
        return TopicReader.latestByKey(bootstrapServers, Topics.INGEST_CHECKPOINTS, timeout);
    }

    /** The record that stores {@code checkpoint} for {@code sourceId}; send it inside the lines' transaction. */
    public static ProducerRecord<byte[], byte[]> record(String sourceId, IngestCheckpoint checkpoint) {
        String topic = Topics.INGEST_CHECKPOINTS.name();
        return new ProducerRecord<>(topic, Topics.INGEST_CHECKPOINTS.keySerde().serializer().serialize(topic, sourceId),
            Topics.INGEST_CHECKPOINTS.valueSerde().serializer().serialize(topic, checkpoint));
    }
}
