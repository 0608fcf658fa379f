package io.flowpolicy.local.reliability;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLinesSerde;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A small cluster's worth of real-format LOG lines over ten days, and a plain producer for them. */
final class FlowData {
    static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> NAMESPACES = List.of("shop", "blog", "mail");

    private FlowData() {
    }

    /**
     * The pipeline's topics as flowpolicy creates them. The lines are months old and Kafka applies {@code retention.ms}
     * to record timestamps, about 30 s after a segment rolls: every topic that keeps the flows' own times has no time
     * retention, and the others are stamped at append time (docs/reliability.md, backfills).
     */
    static List<NewTopic> topics(int partitions) {
        return TopicLayout.newTopics(partitions, (short) 1);
    }

    static List<InventoryRecord> inventory() {
        List<InventoryRecord> records = new ArrayList<>();
        for (int i = 0; i < NAMESPACES.size(); i++) {
            String ns = NAMESPACES.get(i);
            records.add(new InventoryRecord("10.244.1." + (i + 1), "pod", ns, ns + "-0", "Deployment/" + ns,
                Map.of("app", ns), "node-1", List.of(), LONG_AGO, null));
        }
        return records;
    }

    /** Each namespace reaches six peers a day (a sliding set, so new peers keep appearing), each repeatedly. */
    static List<RawLine> lines(int days, int repeats) {
        List<RawLine> lines = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            for (int r = 0; r < repeats; r++) {
                for (int i = 0; i < NAMESPACES.size(); i++) {
                    for (int peer = day * 2; peer < day * 2 + 6; peer++) {
                        Instant at = T0.plus(Duration.ofDays(day)).plusSeconds(r * 37L + peer);
                        lines.add(line(at, "10.244.1." + (i + 1), "192.0.2." + (peer + 1), 443 + (peer % 2)));
                    }
                }
            }
        }
        return lines;
    }

    static RawLine line(Instant at, String src, String dst, int port) {
        return new RawLine(Long.toString(Timestamps.toNanos(at)), Map.of("host", "node-1"),
            "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src
                + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF PROTO=TCP SPT=45588 DPT=" + port
                + " WINDOW=64860 RES=0x00 SYN URGP=0 ");
    }

    /**
     * One request in flight: right after topic creation the embedded broker was seen answering a retried first batch
     * with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (two minutes) ran out.
     */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all",
            "linger.ms", 20, "max.in.flight.requests.per.connection", 1), new StringSerializer(),
            new ByteArraySerializer());
    }

    static void sendInventory(String bootstrap) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (InventoryRecord r : inventory()) {
                producer.send(new ProducerRecord<>(Topics.INVENTORY.name(), null, r.from().toEpochMilli(),
                    r.topicKey(), Topics.INVENTORY.valueSerde().serializer().serialize(Topics.INVENTORY.name(), r)));
            }
        }
    }

    /**
     * Sends the lines, several to a record as ingest does (records of 1, 3 and 16 lines in turn, so a kill can find
     * both shapes half processed), and waits until every one is acknowledged, so a lost line fails here, not in an
     * assertion.
     */
    static void send(String bootstrap, List<RawLine> lines) {
        int[] sizes = {1, 3, 16};
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int from = 0, k = 0; from < lines.size(); k++) {
                int to = Math.min(lines.size(), from + sizes[k % sizes.length]);
                sent.add(producer.send(record(lines.subList(from, to))));
                from = to;
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a line was not written", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One record of the raw topic holding {@code lines} (all of one node), stamped with the first one's time. */
    static ProducerRecord<String, byte[]> record(List<RawLine> lines) {
        RawLine first = lines.get(0);
        return new ProducerRecord<>(Topics.RAW_LINES.name(), null, first.instant().toEpochMilli(),
            first.labels().getOrDefault("host", ""), RawLinesSerde.write(lines));
    }
}
