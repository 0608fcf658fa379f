package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.NodeLabels;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes raw and rejected lines in Kafka transactions: a batch is visible to read_committed consumers as a
 * whole or not at all. Raw lines go out several of one node to a record ({@link NodeBatches}), sent at the latest
 * when the transaction commits. Not thread-safe; one publisher per ingest source.
 */
public final class LinePublisher implements AutoCloseable {
    /** Label names tried, in order, for the record key (the node that logged the line). */
    public static final List<String> DEFAULT_NODE_LABELS = List.of("host", "node", "instance", "hostname");

    private final KafkaProducer<byte[], byte[]> producer;
    private final NodeLabels nodeLabels;
    private final NodeBatches batches;
    private boolean inTransaction;
    private KafkaClientMetrics clientMetrics;

    /**
     * @param transactionalId stable per source, so a restarted publisher fences its crashed predecessor
     */
    public LinePublisher(String bootstrapServers, String transactionalId, List<String> nodeLabels) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, transactionalId));
        this.nodeLabels = new NodeLabels(nodeLabels);
        this.batches = new NodeBatches(producer::send);
        producer.initTransactions();
    }

    static Properties producerConfig(String bootstrapServers, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        // initTransactions sends its first request only one retry.backoff.ms after finding the coordinator (the
        // producer queues it again as a retry): 100 ms of every ingest start. Failed requests still back off
        // exponentially, up to retry.backoff.max.ms (1 s).
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** Exports the producer's client metrics ({@code kafka_producer_*}) until {@link #close()}. */
    public void bindTo(MeterRegistry registry) {
        if (clientMetrics != null) {
            throw new IllegalStateException("producer metrics already bound");
        }
        clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    /** Adds a line to the open transaction (opening one if needed); keyed by the node that logged it. */
    public void send(RawLine line) {
        send(EncodedLine.of(line));
    }

    /** As {@link #send(RawLine)}, for a line already in the form of a raw line document. */
    public void send(EncodedLine line) {
        begin();
        batches.add(nodeLabels.nodeOf(line.labels()), line);
    }

    /** Adds a rejected line to the open transaction. */
    public void reject(RejectedLine rejected) {
        begin();
        String key = nodeLabels.nodeOf(rejected.labels());
        producer.send(new ProducerRecord<>(Topics.REJECTED_LINES.name(),
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Topics.REJECTED_LINES.valueSerde().serializer().serialize(Topics.REJECTED_LINES.name(), rejected)));
    }

    /** Sends any record inside the open transaction, e.g. an ingest checkpoint that must commit with the lines. */
    public void sendInTransaction(ProducerRecord<byte[], byte[]> record) {
        begin();
        producer.send(record);
    }

    /** Commits the open transaction; blocks until the broker confirms. */
    public void commit() {
        if (inTransaction) {
            batches.flush();
            producer.commitTransaction();
            inTransaction = false;
        }
    }

    private void begin() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    /** Aborts an uncommitted transaction (its lines are never seen) and closes the producer. */
    @Override
    public void close() {
        if (inTransaction) {
            batches.discard();
            producer.abortTransaction();
        }
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close();
    }
}
