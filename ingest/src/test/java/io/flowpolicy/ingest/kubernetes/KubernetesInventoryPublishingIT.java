package io.flowpolicy.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.ingest.MutableClock;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watcher publishing through {@link InventoryPublisher} to a real broker, fed by the Kubernetes mock server. */
class KubernetesInventoryPublishingIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(90);

    private final MutableClock clock = new MutableClock(T0);
    private MockKubernetes kubernetes;
    private InventoryPublisher publisher;
    private KubernetesInventoryWatcher watcher;

    @BeforeEach
    void start() {
        TopicAdmin.createAndAwait(KAFKA.bootstrapServers(), TopicLayout.newTopics(2, (short) 1), TIMEOUT);
        kubernetes = new MockKubernetes();
        publisher = new InventoryPublisher(KAFKA.bootstrapServers());
        watcher = new KubernetesInventoryWatcher(kubernetes.client(), publisher, clock);
        watcher.start(TIMEOUT);
    }

    @AfterEach
    void stop() {
        // Closing a watch that is mid-send, or with a handshake, can stall the mock server; see MockKubernetes.
        try {
            kubernetes.awaitWatchesDelivered(KubernetesInventoryWatcherTest.WATCHES);
        } finally {
            kubernetes.disconnect();
            try {
                watcher.close();
                publisher.close();
            } finally {
                kubernetes.close();
            }
        }
    }

    @Test
    void shouldPublishPodIntervalAtItsStartAndItsEndWhenThePodIsDeleted() throws InterruptedException {
        Pod pod = kubernetes.client().resource(new PodBuilder()
            .withNewMetadata().withNamespace("payments").withName("api-1").withLabels(Map.of("app", "api")).endMetadata()
            .withNewSpec().withNodeName("worker-1").endSpec()
            .withNewStatus().withPhase("Running").withPodIP("10.244.1.5").addNewPodIP().withIp("10.244.1.5").endPodIP()
            .endStatus().build()).create();
        InventoryRecord opened = new InventoryRecord("10.244.1.5", "pod", "payments", "api-1", "Pod/api-1",
            Map.of("app", "api"), "worker-1", List.of(), T0, null);

        List<ConsumerRecord<String, InventoryRecord>> afterCreate = awaitRecords(1);

        assertPublished(opened, T0, afterCreate.get(0));

        clock.set(T1);
        kubernetes.client().resource(pod).delete();
        List<ConsumerRecord<String, InventoryRecord>> afterDelete = awaitRecords(2);

        assertPublished(opened, T0, afterDelete.get(0));
        assertPublished(new InventoryRecord("10.244.1.5", "pod", "payments", "api-1", "Pod/api-1",
            Map.of("app", "api"), "worker-1", List.of(), T0, T1), T1, afterDelete.get(1));
    }

    private static void assertPublished(InventoryRecord expected, Instant time, ConsumerRecord<String, InventoryRecord> r) {
        assertEquals(expected.topicKey(), r.key());
        assertEquals(expected, r.value());
        assertEquals(time.toEpochMilli(), r.timestamp());
    }

    /** Reads the topic until it holds {@code count} records; the publisher sends asynchronously, without flushing. */
    private static List<ConsumerRecord<String, InventoryRecord>> awaitRecords(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<ConsumerRecord<String, InventoryRecord>> records =
                TopicReader.readAll(KAFKA.bootstrapServers(), Topics.INVENTORY, TIMEOUT);
            if (records.size() >= count) {
                assertEquals(count, records.size(), records.toString());
                return records;
            }
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " inventory records within " + TIMEOUT + ", got " + records);
            }
            Thread.sleep(100);
        }
    }
}
