package io.flowpolicy.local;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLineJson;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Fixtures of the file-ingest tests: flow files of tagged lines in the raw topic's form, and what Kafka holds. */
final class FlowFiles {
    static final long END = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();

    private FlowFiles() {
    }

    /** {@code count} lines of a week before {@link #END}, each labelled {@code test=<tag>}. */
    static List<RawLine> lines(String tag, int count, long seed) {
        return LokiLines.week(tag, END, count, count / 10, seed);
    }

    /** A line as flowpolicy's own export writes it. */
    static String record(RawLine line) {
        return new String(RawLineJson.write(line), StandardCharsets.UTF_8);
    }

    /** Writes each text followed by {@code lineEnd}. */
    static void write(Path file, List<String> texts, String lineEnd, OpenOption... options) {
        StringBuilder content = new StringBuilder();
        texts.forEach(t -> content.append(t).append(lineEnd));
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's committed checkpoint; empty without one. */
    static Optional<IngestCheckpoint.FileProgress> checkpoint(String bootstrap, Path file) {
        try {
            String source = FileIngest.sourceId(file).orElseThrow();
            return CheckpointStore.read(bootstrap, source, Duration.ofSeconds(30)).map(IngestCheckpoint::file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The details of the committed rejected lines that name the file {@code fileName}. */
    static List<String> rejected(String bootstrap, String fileName) {
        return TopicReader.readAll(bootstrap, Topics.REJECTED_LINES, Duration.ofMinutes(2)).stream()
            .map(r -> r.value()).map(RejectedLine::detail).filter(d -> d.startsWith(fileName + ":")).toList();
    }
}
