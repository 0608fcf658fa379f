package io.flowpolicy.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic, committed records only, from its start to the end it had when reading began. */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * @return every committed record, in offset order per partition, with its timestamp and headers
     * @throws IllegalStateException when the end is not reached within the timeout
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, Topic<K, V> topic,
                                                             Duration timeout) {
        return read(bootstrapServers, topic, timeout, Integer.MAX_VALUE);
    }

    /**
     * Whether the topic holds a committed record, without reading all of them.
     *
     * @throws IllegalStateException when neither a record nor the end is reached within the timeout
     */
    public static boolean hasRecords(String bootstrapServers, Topic<?, ?> topic, Duration timeout) {
        return !read(bootstrapServers, topic, timeout, 1).isEmpty();
    }

    /** The committed records from the start, until the end or until {@code enough} are read (a poll's worth more). */
    private static <K, V> List<ConsumerRecord<K, V>> read(String bootstrapServers, Topic<K, V> topic,
                                                         Duration timeout, int enough) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < enough
                && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic.name() + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    K key = topic.keySerde().deserializer().deserialize(topic.name(), r.key());
                    V value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
                    // Keep the record time and headers: tests assert event times, not just keys and values.
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                        r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), key, value, r.headers(),
                        r.leaderEpoch()));
                }
            }
        } finally {
            // Without a group there is nothing to commit or leave; a default close would wait for the fetch the last
            // poll left in flight, up to fetch.max.wait.ms (500 ms) per reader.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
        return records;
    }

    /** The latest value of every key of a compacted topic, in key order; tombstones remove the key. */
    public static <V> Map<String, V> latestByKey(String bootstrapServers, Topic<String, V> topic, Duration timeout) {
        Map<String, V> latest = new java.util.TreeMap<>();
        for (ConsumerRecord<String, V> r : readAll(bootstrapServers, topic, timeout)) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }
}
