package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Gathers encoded lines into raw-topic records of one node each ({@link RawLines}: up to {@link RawLines#MAX_LINES}
 * lines and {@link RawLines#MAX_BYTES} bytes, newline-separated), so that a record, not a line, pays the clients',
 * the broker's and Kafka Streams' cost per record. A node's lines keep their order; a record's timestamp is its first
 * line's. Not thread-safe.
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
        if (batch.lines == RawLines.MAX_LINES) {
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

    private static final class Batch {
        private final byte[] key;
        private byte[] bytes = new byte[4096];
        private int size;
        private int lines;
        private long firstMillis;

        Batch(String node) {
            this.key = node.getBytes(StandardCharsets.UTF_8);
        }

        boolean fits(int length) {
            return lines == 0 || size + 1 + length <= RawLines.MAX_BYTES;
        }

        void add(EncodedLine line) {
            byte[] value = line.value();
            int needed = size + 1 + value.length;
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, needed));
            }
            if (lines == 0) {
                firstMillis = Timestamps.toMillis(line.tsNanos());
            } else {
                bytes[size++] = '\n';
            }
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
            lines++;
        }

        void sendTo(Consumer<ProducerRecord<byte[], byte[]>> send) {
            if (lines > 0) {
                send.accept(new ProducerRecord<>(Topics.RAW_LINES.name(), null, firstMillis, key,
                    Arrays.copyOf(bytes, size)));
                reset();
            }
        }

        void reset() {
            size = 0;
            lines = 0;
        }
    }
}
