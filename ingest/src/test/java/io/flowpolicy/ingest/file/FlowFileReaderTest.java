package io.flowpolicy.ingest.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.RawLine;
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
}
