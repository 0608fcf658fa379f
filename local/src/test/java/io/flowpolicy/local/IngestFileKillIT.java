package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a separate {@code ingest --file} JVM at three increasing points of a flow file, then a last
 * run: the raw topic holds every line of the file exactly once, and the rejected topic every bad line once. Kafka
 * stays in this JVM; only the ingest process dies.
 */
class IngestFileKillIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int LINES = 300_000;
    /** Every this many lines one is not a record, so the rejected topic is checked too. */
    private static final int BAD_EVERY = 997;

    @BeforeAll
    static void createTopicsKeepingWeekOldLines() {
        LocalPipeline.createTopicsKeepingOldRecords(KAFKA.bootstrapServers(), 4);
    }

    @TempDir
    Path dir;

    @Test
    void shouldHoldEveryLineExactlyOnceAfterKillNineAndRestart() throws Exception {
        List<RawLine> lines = FlowFiles.lines("filekill", LINES, 41);
        Path file = dir.resolve("filekill.jsonl");
        List<String> texts = new ArrayList<>(LINES + LINES / BAD_EVERY);
        List<String> bad = new ArrayList<>();
        for (RawLine line : lines) {
            if ((texts.size() + 1) % BAD_EVERY == 0) {
                bad.add("filekill.jsonl:" + (texts.size() + 1));
                texts.add("not a record " + texts.size());
            }
            texts.add(FlowFiles.record(line));
        }
        FlowFiles.write(file, texts, "\n");
        long size = Files.size(file);
        Random random = new Random(43);
        List<Long> killedAt = new ArrayList<>();
        for (int kill = 0; kill < 3; kill++) {
            long before = offset(file);
            double fraction = 0.15 + 0.25 * kill + random.nextDouble() * 0.15;
            Process p = start(file, "run-" + kill);
            awaitOffset(file, Math.max((long) (size * fraction), before + 1), p);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            killedAt.add(offset(file));
        }
        Process last = start(file, "final");
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the last run did not finish");
        String log = Files.readString(dir.resolve("final.log"));
        assertEquals(0, last.exitValue(), log);
        assertTrue(log.contains("resumed after line "), log);

        assertEquals(size, offset(file));
        assertTrue(0 < killedAt.get(0) && killedAt.get(0) < killedAt.get(1) && killedAt.get(1) < killedAt.get(2)
            && killedAt.get(2) < size, "kills must fall at increasing points inside the file: " + killedAt);
        List<RawLine> published = LokiLines.published(KAFKA.bootstrapServers(), "filekill");
        assertEquals(LINES, published.size());
        assertEquals(LokiLines.multiset(lines), LokiLines.multiset(published));
        Map<String, Integer> rejected = new HashMap<>();
        FlowFiles.rejected(KAFKA.bootstrapServers(), "filekill.jsonl")
            .forEach(d -> rejected.merge(d.substring(0, d.indexOf(": ")), 1, Integer::sum));
        Map<String, Integer> once = new HashMap<>();
        bad.forEach(b -> once.put(b, 1));
        assertEquals(once, rejected);
    }

    private Process start(Path file, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            "io.flowpolicy.local.FlowpolicyCommand", "ingest", "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--file", file.toString(), "--metrics-port", "0");
        File log = dir.resolve(name + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** The committed checkpoint's offset; -1 without one. The checkpoint topic exists from the start. */
    private static long offset(Path file) {
        return FlowFiles.checkpoint(KAFKA.bootstrapServers(), file).map(IngestCheckpoint.FileProgress::offset)
            .orElse(-1L);
    }

    private void awaitOffset(Path file, long target, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (offset(file) < target) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("ingest ended or stalled before byte " + target + " (exit "
                    + (p.isAlive() ? "-" : p.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
    }
}
