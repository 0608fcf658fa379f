package io.flowpolicy.ingest.kafka;

import io.flowpolicy.ingest.kubernetes.InventorySink;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.Topics;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes IP ownership intervals to the compacted inventory topic. Each interval is keyed by IP and owner
 * ({@link InventoryRecord#topicKey()}) so that compaction keeps every past owner of an IP, which point-in-time
 * attribution needs. The record time is the interval start; when the interval has ended, the same key is written
 * again, with {@code to} set, at the end time.
 *
 * <p>Two ways in: {@link #publishInterval} for a whole interval known up front (a file line), and, as the
 * {@link InventorySink} of the Kubernetes watcher, {@link #publish} for one change as it happens. Neither waits for
 * the broker, so the watcher's lock is never held over network I/O; {@link #flush} or {@link #close} waits for the
 * acknowledgements. A send that still fails after the producer's retries is logged, not thrown: the caller has long
 * moved on by then.
 */
public final class InventoryPublisher implements InventorySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryPublisher.class);

    public static final String RECORDS_WRITTEN = "flowpolicy.inventory.records.written";
    public static final String RECORDS_FAILED = "flowpolicy.inventory.records.failed";

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMetrics clientMetrics;
    private final Counter written;
    private final Counter failed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** Creates an idempotent producer; no connection is made until the first send. */
    public InventoryPublisher(String bootstrapServers) {
        this(bootstrapServers, new SimpleMeterRegistry());
    }

    /**
     * Counting acknowledged and failed records on {@code registry} ({@code flowpolicy_inventory_records_*}), with
     * the producer's client metrics.
     */
    public InventoryPublisher(String bootstrapServers, MeterRegistry registry) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        this.written = Counter.builder(RECORDS_WRITTEN).description("Inventory records acknowledged by the broker")
            .register(registry);
        this.failed = Counter.builder(RECORDS_FAILED)
            .description("Inventory records the producer gave up on (logged as errors)").register(registry);
    }

    /** Sends the start record of a whole interval and, when it has ended, its end record. */
    public void publishInterval(InventoryRecord record) {
        send(opened(record), record.from());
        if (record.to() != null) {
            send(record, record.to());
        }
    }

    /**
     * Sends one change: an opened interval ({@code to == null}) at its start, a closed one at its end. The start of
     * a closed interval was sent when it opened, so it is not repeated (a repeat would be an out-of-order record).
     */
    @Override
    public void publish(InventoryRecord record) {
        send(record, record.to() == null ? record.from() : record.to());
    }

    private void send(InventoryRecord record, Instant time) {
        String topic = Topics.INVENTORY.name();
        byte[] value = Topics.INVENTORY.valueSerde().serializer().serialize(topic, record);
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), record.topicKey(), value), (meta, e) -> {
            (e == null ? written : failed).increment();
            if (e != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
                LOG.error("inventory record {} at {} not written to {}", record.topicKey(), time, topic, e);
            }
        });
    }

    private static InventoryRecord opened(InventoryRecord r) {
        return new InventoryRecord(r.ip(), r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), r.from(), null, r.servicePorts());
    }

    /** Blocks until every published record is acknowledged. */
    public void flush() {
        producer.flush();
    }

    /**
     * After {@link #flush()}: throws when any record sent so far was not written, for a run that publishes a whole
     * file and must not report it as published.
     *
     * @throws RecordsNotWrittenException naming how many and the first failure
     */
    public void requireAllWritten() {
        long notWritten = failures.get();
        if (notWritten > 0) {
            Exception first = firstFailure.get();
            throw new RecordsNotWrittenException(notWritten + " of " + sent.get() + " inventory records were not "
                + "written to " + Topics.INVENTORY.name() + " (first failure: " + first.getClass().getSimpleName()
                + ": " + first.getMessage() + "); rerun once the cause is fixed: records written already are written "
                + "again harmlessly, the topic keeps one record per IP and owner", first);
        }
    }

    /** Sends what is buffered, waiting for it, then releases the producer. */
    @Override
    public void close() {
        clientMetrics.close();
        producer.close();
    }
}
