package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes IP ownership intervals to the compacted inventory topic. Each interval is keyed by IP and owner
 * ({@link InventoryRecord#topicKey()}) so that compaction keeps every past owner of an IP, which point-in-time
 * attribution needs. The record time is the interval start; when the interval has ended, the same key is written
 * again, with {@code to} set, at the end time.
 */
public final class InventoryPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public InventoryPublisher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    public void publish(InventoryRecord record) {
        String topic = Topics.INVENTORY.name();
        byte[] open = serialize(new InventoryRecord(record.ip(), record.kind(), record.namespace(), record.name(),
            record.workload(), record.labels(), record.node(), record.services(), record.from(), null));
        producer.send(new ProducerRecord<>(topic, null, record.from().toEpochMilli(), record.topicKey(), open));
        if (record.to() != null) {
            producer.send(new ProducerRecord<>(topic, null, record.to().toEpochMilli(), record.topicKey(),
                serialize(record)));
        }
    }

    private static byte[] serialize(InventoryRecord record) {
        return Topics.INVENTORY.valueSerde().serializer().serialize(Topics.INVENTORY.name(), record);
    }

    /** Blocks until every published record is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
