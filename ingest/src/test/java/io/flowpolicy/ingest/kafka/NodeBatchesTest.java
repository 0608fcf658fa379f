package io.flowpolicy.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class NodeBatchesTest {
    private static final long T0 = 1732047303023805000L;
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final NodeBatches batches = new NodeBatches(sent::add);

    private static RawLine line(int n, String node, int length) {
        return RawLine.of(T0 + n * 1_000_000L, Map.of("host", node), "x".repeat(length) + " #" + n);
    }

    private void add(RawLine line) {
        batches.add(line.labels().get("host"), EncodedLine.of(line));
    }

    private static String key(ProducerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static List<RawLine> lines(ProducerRecord<byte[], byte[]> r) {
        return Topics.RAW_LINES.valueSerde().deserializer().deserialize(r.topic(), r.value()).lines();
    }

    @Test
    void shouldSendEachNodesLinesInOrderAsRecordsOfThatNodeStampedWithTheirFirstLine() {
        List<RawLine> all = new ArrayList<>();
        for (int n = 0; n < 150; n++) {
            all.add(line(n, n % 3 == 0 ? "node-a" : "node-b", 100));
            add(all.get(n));
        }
        assertEquals(1, sent.size(), "node-b's first " + RawLines.MAX_LINES + " lines go as soon as they are complete");

        batches.flush();

        List<RawLine> a = new ArrayList<>();
        List<RawLine> b = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : sent) {
            List<RawLine> lines = lines(r);
            assertTrue(lines.size() <= RawLines.MAX_LINES, "a record holds " + lines.size() + " lines");
            assertTrue(lines.stream().allMatch(l -> l.labels().get("host").equals(key(r))), "one node per record");
            assertEquals(Timestamps.toMillis(lines.get(0).tsNanos()), r.timestamp());
            assertEquals(Topics.RAW_LINES.name(), r.topic());
            (key(r).equals("node-a") ? a : b).addAll(lines);
        }
        assertEquals(all.stream().filter(l -> l.labels().get("host").equals("node-a")).toList(), a);
        assertEquals(all.stream().filter(l -> l.labels().get("host").equals("node-b")).toList(), b);
        assertEquals(3, sent.size(), "node-a's 50 lines in one record, node-b's 100 in two");
    }

    @Test
    void shouldStartANewRecordBeforeOneWouldGrowPastTheByteLimitAndSendAnOversizedLineAlone() {
        int big = RawLines.MAX_BYTES / 3;
        for (int n = 0; n < 4; n++) {
            add(line(n, "node-a", big));
        }
        add(line(4, "node-a", RawLines.MAX_BYTES * 2));
        add(line(5, "node-a", 10));
        batches.flush();

        assertEquals(List.of(2, 2, 1, 1), sent.stream().map(r -> lines(r).size()).toList());
        assertTrue(sent.stream().limit(2).allMatch(r -> r.value().length <= RawLines.MAX_BYTES));
    }

    @Test
    void shouldSendNothingOfWhatWasDiscardedAndNothingTwiceWhenFlushedAgain() {
        add(line(1, "node-a", 10));
        batches.discard();
        add(line(2, "node-a", 10));
        batches.flush();
        batches.flush();

        assertEquals(1, sent.size());
        assertEquals(List.of(line(2, "node-a", 10)), lines(sent.get(0)));
    }
}
