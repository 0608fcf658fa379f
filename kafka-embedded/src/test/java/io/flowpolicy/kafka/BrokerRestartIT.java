package io.flowpolicy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outage tests rely on this: a stopped and restarted broker keeps its address, topics and records. */
class BrokerRestartIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldComeBackOnTheSameAddressWithItsTopicsAndRecords() throws Exception {
        String address = KAFKA.bootstrapServers();
        TopicAdmin.createAndAwait(address, List.of(new NewTopic("kept", 1, (short) 1)), Duration.ofSeconds(30));
        try (KafkaProducer<String, String> producer = producer(address)) {
            producer.send(new ProducerRecord<>("kept", "k", "before")).get();
        }

        KAFKA.broker().stop();
        KAFKA.broker().restart();

        assertEquals(address, KAFKA.bootstrapServers());
        try (KafkaProducer<String, String> producer = producer(address)) {
            producer.send(new ProducerRecord<>("kept", "k", "after")).get();
        }
        assertEquals(List.of("before", "after"), readAll(address, 2));
    }

    private static KafkaProducer<String, String> producer(String address) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", address, "acks", "all"), new StringSerializer(),
            new StringSerializer());
    }

    private static List<String> readAll(String address, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", address,
            "group.id", "restart-it", "auto.offset.reset", "earliest"), new StringDeserializer(),
            new StringDeserializer())) {
            consumer.subscribe(List.of("kept"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }
}
