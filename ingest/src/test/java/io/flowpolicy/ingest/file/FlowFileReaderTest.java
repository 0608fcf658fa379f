package io.flowpolicy.ingest.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.kafka.EncodedLine;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLines;
import io.flowpolicy.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowFileReaderTest {
    private static final String LINE = "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=172.16.193.134 DST=69.147.80.15 "
        + "LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF PROTO=TCP SPT=45588 DPT=80 WINDOW=64860 RES=0x00 SYN URGP=0";

    @TempDir
    Path dir;

    @Test
    void shouldReadAllThreeFormatsAndRejectABadLineNamingFileAndLineNumber() throws Exception {
        Path file = dir.resolve("flows.jsonl");
        Files.write(file, List.of(
            "{\"ts\":\"1732047303023805000\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\"},\"line\":\"" + LINE + "\"}",
            "",
            "{\"labels\":{\"host\":\"node-2\"},\"line\":\"" + LINE + "\",\"timestamp\":\"2024-11-19T20:15:03.023805001Z\"}",
            "{\"ts\":\"1732047303023805000\",\"labels\":{}}",
            "2024-11-19T20:15:03.5+00:00 node-3 kernel: " + LINE));
        List<SourceLine<RawLine>> lines = new ArrayList<>();

        long read = new FlowFileReader(file).read(lines::add);

        assertEquals(4, read);
        RawLine own = assertInstanceOf(SourceLine.Accepted.class, lines.get(0)).value() instanceof RawLine r ? r : null;
        assertEquals(new RawLine("1732047303023805000", Map.of("job", "node-journal", "host", "node-1"), LINE), own);
        RawLine logcli = (RawLine) ((SourceLine.Accepted<?>) lines.get(1)).value();
        assertEquals(1732047303023805001L, logcli.tsNanos());
        assertEquals(Map.of("host", "node-2"), logcli.labels());
        SourceLine.Rejected<?> rejected = assertInstanceOf(SourceLine.Rejected.class, lines.get(2));
        assertEquals(FlowFileReader.MALFORMED, rejected.rejection().reason());
        assertEquals("flows.jsonl:4: no \"line\" text field", rejected.rejection().detail());
        RawLine journal = (RawLine) ((SourceLine.Accepted<?>) lines.get(3)).value();
        assertEquals(1732047303500000000L, journal.tsNanos());
        assertEquals(Map.of("host", "node-3"), journal.labels());
        assertEquals(LINE, journal.line());
    }

    @Test
    void shouldReadJournalctlJsonEntriesWithTheirRealtimeAndHostname() throws Exception {
        Path file = dir.resolve("journal.json");
        Files.write(file, List.of(
            "{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1732047303023805\",\"_TRANSPORT\":\"kernel\","
                + "\"_HOSTNAME\":\"node-1\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"" + LINE + "\"}",
            "{\"__REALTIME_TIMESTAMP\":\"1732047303023806\",\"MESSAGE\":[99,97,108]}",
            "{\"_HOSTNAME\":\"node-1\",\"MESSAGE\":\"" + LINE + "\"}",
            "{\"__REALTIME_TIMESTAMP\":\"9300000000000000000\",\"MESSAGE\":\"" + LINE + "\"}"));
        List<SourceLine<RawLine>> lines = new ArrayList<>();

        new FlowFileReader(file).read(lines::add);

        RawLine entry = (RawLine) ((SourceLine.Accepted<?>) lines.get(0)).value();
        assertEquals(new RawLine("1732047303023805000", Map.of("host", "node-1"), LINE), entry);
        assertEquals("journal.json:2: journal entry whose MESSAGE is not text",
            assertInstanceOf(SourceLine.Rejected.class, lines.get(1)).rejection().detail());
        assertEquals("journal.json:3: journal entry without a __REALTIME_TIMESTAMP (microseconds)",
            assertInstanceOf(SourceLine.Rejected.class, lines.get(2)).rejection().detail());
        assertEquals("journal.json:4: journal entry without a __REALTIME_TIMESTAMP (microseconds)",
            assertInstanceOf(SourceLine.Rejected.class, lines.get(3)).rejection().detail());
    }

    @Test
    void shouldReadJournalTextWhoseOffsetHasNoColonAsOlderJournalctlShortIsoWritesIt() throws Exception {
        Path file = dir.resolve("short-iso.txt");
        Files.write(file, List.of("2024-11-19T21:15:03+0100 node-3 kernel: " + LINE,
            "2024-11-19T20:15:03.5Z node-3 kernel: " + LINE));
        List<SourceLine<RawLine>> lines = new ArrayList<>();

        new FlowFileReader(file).read(lines::add);

        assertEquals(1732047303000000000L, ((RawLine) ((SourceLine.Accepted<?>) lines.get(0)).value()).tsNanos());
        assertEquals(1732047303500000000L, ((RawLine) ((SourceLine.Accepted<?>) lines.get(1)).value()).tsNanos());
    }

    /** What {@code journalctl -k -o short-iso-precise > flows.txt} writes, saved again by an editor that adds a BOM. */
    @Test
    void shouldSkipAByteOrderMarkAndJournalctlsMarkerLinesAndNumberTheEntriesAsInTheFile() throws Exception {
        Path file = dir.resolve("journal.txt");
        String content = "\uFEFF-- Journal begins at Mon 2026-01-12 09:58:01 UTC, ends at Mon 2026-01-12 10:00:09 UTC. "
            + "--\r\n"
            + "2026-01-12T10:00:00.000001+00:00 node-3 kernel: " + LINE + "\r\n"
            + "-- Boot 3f2a9c0d8e7b4c51a2e6f0b9d4c3a1e8 --\r\n"
            + "2026-01-12T10:00:09.000002+00:00 node-3 kernel: " + LINE + "\r\n"
            + "-- weird text\r\n";
        Files.writeString(file, content, StandardCharsets.UTF_8);
        List<SourceLine<RawLine>> lines = new ArrayList<>();

        long read = new FlowFileReader(file).read(lines::add);

        assertEquals(3, read);
        assertEquals(1768212000000001000L, ((RawLine) ((SourceLine.Accepted<?>) lines.get(0)).value()).tsNanos());
        assertEquals(1768212009000002000L, ((RawLine) ((SourceLine.Accepted<?>) lines.get(1)).value()).tsNanos());
        assertTrue(assertInstanceOf(SourceLine.Rejected.class, lines.get(2)).rejection().detail()
            .startsWith("journal.txt:5: "), "numbered as in the file");
        Files.writeString(file, "\uFEFF2026-01-12T10:00:00.000001+00:00 node-3 kernel: " + LINE + "\n",
            StandardCharsets.UTF_8);
        List<SourceLine<EncodedLine>> encoded = new ArrayList<>();
        List<FilePosition> boundaries = new ArrayList<>();
        new FlowFileReader(file).readEncoded(FilePosition.START, 1, boundaries::add, encoded::add);
        assertInstanceOf(SourceLine.Accepted.class, encoded.get(0), "the BOM is not part of the first line");
        assertEquals(Files.size(file), boundaries.get(0).offset());
    }

    @Test
    void shouldRejectTextThatIsNeitherJsonNorJournalWithTheLineNumber() throws Exception {
        Path file = dir.resolve("mixed.txt");
        Files.write(file, List.of("{not json", "hello"));
        List<SourceLine<RawLine>> lines = new ArrayList<>();

        new FlowFileReader(file).read(lines::add);

        String first = ((SourceLine.Rejected<?>) lines.get(0)).rejection().detail();
        String second = ((SourceLine.Rejected<?>) lines.get(1)).rejection().detail();
        assertTrue(first.startsWith("mixed.txt:1: not valid JSON"), first);
        assertTrue(second.startsWith("mixed.txt:2: "), second);
    }

    @Test
    void shouldPublishTheSameLinesFromBytesAsFromTextAndOwnExportsUnchanged() throws Exception {
        // Five labels: the general path would write them in its map's order, which is not the file's.
        String own = "{\"ts\":\"1732047303023805000\",\"labels\":{\"job\":\"node-journal\",\"host\":\"node-1\","
            + "\"unit\":\"kernel\",\"cluster\":\"home\",\"filename\":\"/var/log/journal\"},\"line\":\"" + LINE + "\"}";
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, String.join("\n",
            own,
            own.replace("node-1", "node-2"),
            "   ",
            "{\"labels\":{\"host\":\"node-2\"},\"line\":\"" + LINE + "\",\"timestamp\":\"2024-11-19T20:15:03.023805001Z\"}",
            "{ \"ts\": \"1732047303023805001\", \"labels\": {\"host\": \"node-3\"}, \"line\": \"tab\\there caf\u00e9\" }",
            "{\"ts\":\"0001732047303023805002\",\"labels\":{\"host\":\"node-3\"},\"line\":\"" + LINE + "\"}",
            "{\"ts\":\"1732047303023805000\",\"labels\":{}}",
            "2024-11-19T20:15:03.5+00:00 node-3 kernel: " + LINE,
            own + "\r",
            own).getBytes(StandardCharsets.UTF_8));
        List<SourceLine<RawLine>> text = new ArrayList<>();
        List<SourceLine<EncodedLine>> encoded = new ArrayList<>();

        long readAsText = new FlowFileReader(file).read(text::add);
        long readAsBytes = new FlowFileReader(file).readEncoded(encoded::add);

        assertEquals(9, readAsText);
        assertEquals(readAsText, readAsBytes);
        var deserializer = Topics.RAW_LINES.valueSerde().deserializer();
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i) instanceof SourceLine.Accepted<RawLine> expected) {
                EncodedLine line = assertInstanceOf(SourceLine.Accepted.class, encoded.get(i)).value() instanceof
                    EncodedLine e ? e : null;
                assertEquals(RawLines.of(expected.value()), deserializer.deserialize("raw", line.value()), "line " + i);
                assertEquals(expected.value().tsNanos(), line.tsNanos());
                assertEquals(expected.value().labels(), line.labels());
            } else {
                assertEquals(text.get(i), encoded.get(i), "line " + i);
            }
        }
        // flowpolicy's own export goes to Kafka byte for byte
        EncodedLine first = ((SourceLine.Accepted<EncodedLine>) encoded.get(0)).value();
        assertArrayEquals(own.getBytes(StandardCharsets.UTF_8), first.value());
        assertEquals("flows.jsonl:7: no \"line\" text field".replace("flows", "mixed"),
            ((SourceLine.Rejected<?>) encoded.get(5)).rejection().detail());
    }

    @Test
    void shouldSplitLinesAsBufferedReaderDoesWhateverTheBufferSize() throws Exception {
        String content = "one\r\ntwo\rthree\n\n \t \nf\u00fcnf\r\r\nsix-is-longer-than-the-buffer\r";
        Path file = dir.resolve("lines.txt");
        Files.write(file, (content + "seven").getBytes(StandardCharsets.UTF_8));
        List<String> expected = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file)) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    expected.add(line);
                }
            }
        }

        for (int bufferBytes : new int[] {1, 2, 3, 7, 64, LineFiles.BUFFER_BYTES}) {
            List<String> lines = new ArrayList<>();
            long count = LineFiles.forEachNonBlank(file, bufferBytes, line -> lines.add(line.number + ":" + line.text()));
            assertEquals(List.of("1:one", "2:two", "3:three", "6:f\u00fcnf", "8:six-is-longer-than-the-buffer",
                "9:seven"), lines, "buffer of " + bufferBytes);
            assertEquals(expected, lines.stream().map(l -> l.substring(l.indexOf(':') + 1)).toList());
            assertEquals(6, count);
        }
    }

    @Test
    void shouldTellWhereEachBatchStartsAndEndsAndResumeFromThereAsTheWholeReadWent() throws Exception {
        String own = "{\"ts\":\"1732047303023805000\",\"labels\":{\"host\":\"node-1\"},\"line\":\"" + LINE + "\"}";
        String content = own + "\r\n"
            + "\r\n"
            + own.replace("node-1", "node-2") + "\r\n"
            + "not a record\r\n"
            + "2024-11-19T20:15:03.5+00:00 node-3 kernel: " + LINE + "\r\n"
            + "   \r\n"
            + own.replace("node-1", "node-4") + "\r\n";
        Path file = dir.resolve("crlf.jsonl");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        List<FilePosition> boundaries = new ArrayList<>();
        List<String> whole = new ArrayList<>();

        long read = new FlowFileReader(file).readEncoded(FilePosition.START, 2, boundaries::add,
            line -> whole.add(describe(line)), 16);

        assertEquals(5, read);
        assertEquals("crlf.jsonl:4: neither JSON nor journal text", whole.get(2).substring(0, 43));
        int third = content.indexOf("not a record");
        int fifth = content.indexOf(own.replace("node-1", "node-4"));
        assertEquals(List.of(third, fifth, content.length()),
            boundaries.stream().map(p -> (int) p.offset()).toList());
        assertEquals(List.of(3L, 6L, 7L), boundaries.stream().map(FilePosition::lines).toList());
        for (int b = 0; b < boundaries.size(); b++) {
            List<String> rest = new ArrayList<>();
            List<FilePosition> later = new ArrayList<>();
            new FlowFileReader(file).readEncoded(boundaries.get(b), 2, later::add, line -> rest.add(describe(line)), 7);
            assertEquals(whole.subList(Math.min(2 * (b + 1), whole.size()), whole.size()), rest, "from boundary " + b);
            assertEquals(b < 2 ? boundaries.get(2) : null, later.isEmpty() ? null : later.get(later.size() - 1),
                "the end seen from boundary " + b);
        }
    }

    @Test
    void shouldRejectTheRestOfALineAnEarlierReadTookAsCompleteAtTheFilesEnd() throws Exception {
        Path file = dir.resolve("growing.txt");
        Files.write(file, "{\"ts\":\"1\",\"line\":\"x\"}\n{\"ts\":\"2\",".getBytes(StandardCharsets.UTF_8));
        List<FilePosition> ends = new ArrayList<>();
        new FlowFileReader(file).readEncoded(FilePosition.START, 10, ends::add, line -> { });
        Files.write(file, "\"line\":\"y\"}\n{\"ts\":\"3\",\"line\":\"z\"}\n".getBytes(StandardCharsets.UTF_8),
            java.nio.file.StandardOpenOption.APPEND);
        List<SourceLine<EncodedLine>> lines = new ArrayList<>();

        new FlowFileReader(file).readEncoded(ends.get(0), 10, position -> { }, lines::add);

        assertEquals(2, lines.size());
        SourceLine.Rejected<?> rest = assertInstanceOf(SourceLine.Rejected.class, lines.get(0));
        assertEquals("growing.txt:2: the rest of a line that an earlier read took as complete at byte 32, where the "
            + "file ended without a line end", rest.rejection().detail());
        assertEquals("\"line\":\"y\"}", rest.rejection().line());
        assertEquals(3L, assertInstanceOf(SourceLine.Accepted.class, lines.get(1)).value() instanceof EncodedLine e
            ? e.tsNanos() : -1);
    }

    @Test
    void shouldRefuseAPositionTheFileDoesNotBeginWithBeforeHandingOverALine() throws Exception {
        Path file = dir.resolve("changed.txt");
        Files.write(file, List.of("first", "second", "third"));
        List<FilePosition> ends = new ArrayList<>();
        new FlowFileReader(file).readEncoded(FilePosition.START, 10, ends::add, line -> { });
        Files.write(file, List.of("first", "SECOND", "third", "fourth"));
        List<SourceLine<EncodedLine>> lines = new ArrayList<>();

        PositionMismatchException changed = assertThrows(PositionMismatchException.class,
            () -> new FlowFileReader(file).readEncoded(ends.get(0), 10, position -> { }, lines::add));
        Files.write(file, List.of("first"));
        PositionMismatchException shorter = assertThrows(PositionMismatchException.class,
            () -> new FlowFileReader(file).readEncoded(ends.get(0), 10, position -> { }, lines::add));

        assertEquals(List.of(), lines);
        assertTrue(changed.getMessage().startsWith("the first 19 bytes of changed.txt differ"), changed.getMessage());
        assertEquals("changed.txt has 6 bytes, fewer than the 19 before the position", shorter.getMessage());
        assertEquals(new FilePosition(19, 3, ends.get(0).sha256()), shorter.position());
    }

    private static String describe(SourceLine<EncodedLine> line) {
        return line instanceof SourceLine.Accepted<EncodedLine> a ? new String(a.value().value(), StandardCharsets.UTF_8)
            : ((SourceLine.Rejected<?>) line).rejection().detail();
    }

    @Test
    void shouldFailOnTextThatIsNotUtf8AsADecodingReaderWould() throws Exception {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThrows(java.nio.charset.CharacterCodingException.class,
            () -> new FlowFileReader(file).readEncoded(line -> { }));
    }
}
