package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.RawLinesSerde;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Gathers encoded lines into raw-topic records of one node each ({@link RawLines}: up to {@link RawLines#MAX_LINES}
 * lines and {@link RawLines#MAX_BYTES} bytes, newline-separated), so that a record, not a line, pays the clients',
 * the broker's and Kafka Streams' cost per record. A node's lines keep their order; a record's timestamp is its first
 * line's. Holds only the lines not yet sent. Not thread-safe.
 */
final class NodeBatches {
    private final Map<String, Batch> open = new LinkedHashMap<>();
    private final Consumer<ProducerRecord<byte[], byte[]>> send;

    NodeBatches(Consumer<ProducerRecord<byte[], byte[]>> send) {
        this.send = send;
    }

    void add(String node, EncodedLine line) {
        Batch batch = open.computeIfAbsent(node, Batch::new);
        if (!batch.fits(line.value().length)) {
            batch.sendTo(send);
        }
        batch.add(line);
        if (batch.lines() == RawLines.MAX_LINES) {
            batch.sendTo(send);
        }
    }

    /** Sends every gathered line; before a commit. */
    void flush() {
        open.values().forEach(batch -> batch.sendTo(send));
    }

    /** Forgets the gathered lines, which are never sent; when the transaction they were for is aborted. */
    void discard() {
        open.values().forEach(Batch::reset);
    }

    /** A node's lines waiting for their record: kept as they are and copied once, into the record's value. */
    private static final class Batch {
        private final byte[] key;
        private final List<byte[]> values = new ArrayList<>(RawLines.MAX_LINES);
        private int size;
        private long firstMillis;

        Batch(String node) {
            this.key = node.getBytes(StandardCharsets.UTF_8);
        }

        boolean fits(int length) {
            return values.isEmpty() || size + 1 + length <= RawLines.MAX_BYTES;
        }

        void add(EncodedLine line) {
            if (values.isEmpty()) {
                firstMillis = Timestamps.toMillis(line.tsNanos());
            } else {
                size++;
            }
            values.add(line.value());
            size += line.value().length;
        }

        int lines() {
            return values.size();
        }

        void sendTo(Consumer<ProducerRecord<byte[], byte[]>> send) {
            if (values.isEmpty()) {
                return;
            }
            send.accept(new ProducerRecord<>(Topics.RAW_LINES.name(), null, firstMillis, key,
                RawLinesSerde.join(values)));
            reset();
        }

        void reset() {
            values.clear();
            size = 0;
        }
    }
}
