package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowpolicy ingest --file} run in-process against a real broker: reruns, appends, other files, CRLF. */
class IngestFileIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopicsKeepingWeekOldLines() {
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 4);
    }

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPublishNothingOnARerunAndOnlyTheAppendedLinesAfterAnAppend() throws Exception {
        List<RawLine> lines = FlowFiles.lines("rerun", 25_030, 31);
        Path file = dir.resolve("rerun.jsonl");
        FlowFiles.write(file, lines.subList(0, 25_000).stream().map(FlowFiles::record).toList(), "\n");

        assertEquals(0, ingest(file), err.toString());
        assertTrue(out.toString().contains("published 25000 lines of " + file + " (0 rejected)"), out.toString());
        assertEquals(new IngestCheckpoint.FileProgress(file.toAbsolutePath().toString(), Files.size(file), 25_000,
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))),
            FlowFiles.checkpoint(KAFKA.bootstrapServers(), file).orElseThrow());
        long firstSize = Files.size(file);

        assertEquals(0, ingest(file), err.toString());
        assertTrue(out.toString().contains("all lines of " + file + " were published by an earlier run (through "
            + "line 25000, byte " + firstSize + ")"), out.toString());
        assertTrue(out.toString().contains("published 0 lines of " + file + " (0 rejected)"), out.toString());

        FlowFiles.write(file, lines.subList(25_000, 25_030).stream().map(FlowFiles::record).toList(), "\n",
            StandardOpenOption.APPEND);
        assertEquals(0, ingest(file), err.toString());
        assertTrue(out.toString().contains("resumed after line 25000 (byte " + firstSize + ") of " + file
            + ": the lines before it were published by an earlier run"), out.toString());
        assertTrue(out.toString().contains("published 30 lines of " + file + " (0 rejected)"), out.toString());

        List<RawLine> published = LokiLines.published(KAFKA.bootstrapServers(), "rerun");
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(published));
        assertEquals(25_030, published.size());
        IngestCheckpoint.FileProgress last = FlowFiles.checkpoint(KAFKA.bootstrapServers(), file).orElseThrow();
        assertEquals(Files.size(file), last.offset());
        assertEquals(25_030, last.lines());
    }

    @Test
    void shouldRefuseAnotherFileWithTheSameFirstLineAndPublishItWholeWithRepublish() throws Exception {
        List<String> records = FlowFiles.lines("other", 8, 32).stream().map(FlowFiles::record).toList();
        Path first = dir.resolve("first.jsonl");
        FlowFiles.write(first, records.subList(0, 5), "\n");
        assertEquals(0, ingest(first), err.toString());
        long checkpointed = Files.size(first);
        Path other = dir.resolve("other.jsonl");
        FlowFiles.write(other, List.of(records.get(0), records.get(5), records.get(6), records.get(7),
            records.get(4)), "\n");
        Path shorter = dir.resolve("shorter.jsonl");
        FlowFiles.write(shorter, records.subList(0, 2), "\n");

        assertEquals(2, ingest(other));
        String refused = err.toString();
        assertEquals(2, ingest(shorter));

        assertTrue(refused.contains("error: " + other + " does not continue the file its source was checkpointed on"),
            refused);
        assertTrue(refused.contains("published through line 5 (byte " + checkpointed + ") of "
            + first.toAbsolutePath()), refused);
        assertTrue(refused.contains("the first " + checkpointed + " bytes of " + other + " differ"), refused);
        assertTrue(refused.contains("rerun with --republish"), refused);
        assertTrue(err.toString().contains(shorter + " has only " + Files.size(shorter) + " bytes"), err.toString());
        assertEquals(5, LokiLines.published(KAFKA.bootstrapServers(), "other").size(), "nothing may be published");

        assertEquals(0, ingest(other, "--republish"), err.toString());

        assertTrue(out.toString().contains("republished " + other + " from line 1: an earlier run had published its "
            + "source through line 5 (byte " + checkpointed + "); lines both runs published are on the raw topic "
            + "twice"), out.toString());
        assertTrue(out.toString().contains("published 5 lines of " + other), out.toString());
        List<String> published = LokiLines.published(KAFKA.bootstrapServers(), "other").stream()
            .map(FlowFiles::record).sorted().toList();
        List<String> expected = new ArrayList<>(records.subList(0, 5));
        expected.addAll(List.of(records.get(0), records.get(5), records.get(6), records.get(7), records.get(4)));
        assertEquals(expected.stream().sorted().toList(), published);
        assertEquals(Files.size(other), FlowFiles.checkpoint(KAFKA.bootstrapServers(), other).orElseThrow().offset());
        assertEquals(0, ingest(other), err.toString());
        assertTrue(out.toString().contains("all lines of " + other + " were published by an earlier run"),
            out.toString());
    }

    @Test
    void shouldResumeACrlfFileWithTheWholeFilesLineNumbersInRejectMessages() throws Exception {
        List<String> records = FlowFiles.lines("crlf", 4, 33).stream().map(FlowFiles::record).toList();
        Path file = dir.resolve("crlf.jsonl");
        // Ends with a \r whose \n is appended later: the pair is one line end, not an extra blank line.
        Files.writeString(file, records.get(0) + "\r\n\r\nnot a record\r\n" + records.get(1) + "\r");
        assertEquals(0, ingest(file), err.toString());
        Files.writeString(file, "\n" + records.get(2) + "\r\n \r\nstill not a record\r\n" + records.get(3) + "\r\n",
            StandardOpenOption.APPEND);

        assertEquals(0, ingest(file), err.toString());

        assertTrue(out.toString().contains("resumed after line 4 (byte "), out.toString());
        assertTrue(out.toString().contains("published 3 lines of " + file + " (1 rejected)"), out.toString());
        assertTrue(err.toString().contains("warning: crlf.jsonl:3: neither JSON nor journal text"), err.toString());
        assertTrue(err.toString().contains("warning: crlf.jsonl:7: neither JSON nor journal text"), err.toString());
        assertEquals(List.of("crlf.jsonl:3", "crlf.jsonl:7"), FlowFiles.rejected(KAFKA.bootstrapServers(),
            "crlf.jsonl").stream().map(d -> d.substring(0, d.indexOf(": "))).sorted().toList());
        assertEquals(4, LokiLines.published(KAFKA.bootstrapServers(), "crlf").size());
        IngestCheckpoint.FileProgress last = FlowFiles.checkpoint(KAFKA.bootstrapServers(), file).orElseThrow();
        assertEquals(Files.size(file), last.offset());
        assertEquals(8, last.lines());
    }

    @Test
    void shouldPublishAnalyzesFlowsWithoutACheckpointEachTimeItIsAsked() throws Exception {
        List<RawLine> lines = FlowFiles.lines("analyze", 20, 34);
        Path file = dir.resolve("analyze.jsonl");
        FlowFiles.write(file, lines.stream().map(FlowFiles::record).toList(), "\n");

        for (int run = 0; run < 2; run++) {
            FileIngest.Counts counts = new FileIngest(KAFKA.bootstrapServers()).publishFlows(file,
                List.of("host"), warning -> { });
            assertEquals(20, counts.read());
        }

        assertEquals(40, LokiLines.published(KAFKA.bootstrapServers(), "analyze").size());
        String source = FileIngest.sourceId(file).orElseThrow();
        assertTrue(TopicReader.latestByKey(KAFKA.bootstrapServers(), Topics.INGEST_CHECKPOINTS, Duration.ofMinutes(1))
            .keySet().stream().noneMatch(source::equals), "analyze's path must not checkpoint");
    }

    @Test
    void shouldRefuseRepublishWithoutAFile() {
        assertEquals(2, run("ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--loki-url",
            "http://127.0.0.1:1", "--republish"));
        assertTrue(err.toString().contains("--republish applies to --file only"), err.toString());
    }

    private int ingest(Path file, String... more) {
        String[] args = {"ingest", "--bootstrap-servers", KAFKA.bootstrapServers(), "--file", file.toString()};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    private int run(String... args) {
        CommandLine cl = FlowpolicyCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] withoutMetrics = Arrays.copyOf(args, args.length + 2);
        withoutMetrics[args.length] = "--metrics-port";
        withoutMetrics[args.length + 1] = "0";
        return cl.execute(withoutMetrics);
    }
}
