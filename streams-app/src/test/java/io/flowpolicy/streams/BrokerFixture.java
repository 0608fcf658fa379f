package io.flowpolicy.streams;

import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.RawLineJson;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Feeds a real broker the way ingest does: inventory intervals and raw lines with their own timestamps. */
public final class BrokerFixture {
    private final String bootstrap;

    public BrokerFixture(String bootstrap, int partitions) {
        this.bootstrap = bootstrap;
        TopicAdmin.createAndAwait(bootstrap, TopicLayout.newTopics(partitions, (short) 1), Duration.ofSeconds(30));
    }

    public void inventory(List<InventoryRecord> records) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (InventoryRecord r : records) {
                producer.send(new ProducerRecord<>(Topics.INVENTORY.name(), null, r.from().toEpochMilli(), r.topicKey(),
                    Topics.INVENTORY.valueSerde().serializer().serialize(Topics.INVENTORY.name(), r)));
            }
        }
    }

    public void lines(List<RawLine> lines) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (RawLine line : lines) {
                producer.send(new ProducerRecord<>(Topics.RAW_LINES.name(), null, line.instant().toEpochMilli(),
                    line.labels().getOrDefault("host", ""),
                    RawLineJson.write(line)));
            }
        }
    }

    /** Waits until the app has committed everything on the raw and enriched topics and holds nothing pending. */
    public void awaitProcessed(String applicationId, Duration timeout, StreamsService... instances) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new ConsumerGroupProgress(admin, applicationId).awaitCaughtUp(
                List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name()), timeout, Duration.ofMillis(200),
                () -> java.util.Arrays.stream(instances).allMatch(i -> ConsumerGroupProgress.nothingPending(i.streams())));
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all"),
            new StringSerializer(), new ByteArraySerializer());
    }
}
