package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.RawLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowpolicy analyze --loki-url}: the whole pipeline over a Loki range, on its own embedded broker. */
class AnalyzeLokiIT {
    @TempDir
    Path dir;

    @Test
    void shouldReadExactlyTheEntriesTheQueryMatchesInTheRange() throws Exception {
        analyzeTwoDaysOfThree(server -> { });
    }

    /** Loki's answers to a busy range or a stricter configuration change how pages are cut, never what is read. */
    @Test
    void shouldReadTheSameEntriesFromALokiThatTimesOutOnLongRangesAndAllowsSmallPages() throws Exception {
        analyzeTwoDaysOfThree(server -> server.timeOutRangesLongerThan(Duration.ofMinutes(20)).maxEntriesLimit(40));
    }

    /**
     * Grafana Alloy's journal source labels its streams job="loki.source.journal.<label>", so the default query
     * matches nothing there: the run says so and why, and leaves the policy repository alone.
     */
    @Test
    void shouldExplainARangeThatMatchedNoLineAndLeaveTheRepositoryAlone() throws Exception {
        long to = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
        long from = to - TestFlowLines.NANOS_PER_DAY;
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"), "");
        Path repo = dir.resolve("policies");
        StringWriter err = new StringWriter();
        try (LokiTestServer server = new LokiTestServer()) {
            server.push(java.util.Map.of("job", "loki.source.journal.read", "instance", "node-1"), from + 1,
                TestFlowLines.line(7));

            CommandLine cl = FlowpolicyCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute("analyze", "--loki-url", server.uri().toString(), "--from", LokiLines.rfc3339(from),
                "--to", LokiLines.rfc3339(to), "--inventory", inventory.toString(), "--out",
                dir.resolve("out").toString(), "--git-repo", repo.toString(), "--partitions", "1",
                "--stream-threads", "1");

            assertEquals(0, exit, err.toString());
        }
        assertTrue(err.toString().contains("Loki returned no line for {job=\"node-journal\"} |= \"calico-packet\""),
            err.toString());
        assertTrue(err.toString().contains("job=\"loki.source.journal.<component label>\""), err.toString());
        assertTrue(err.toString().contains("no flow line was read: the policy repository"), err.toString());
        JsonNode summary = JsonSerde.MAPPER.readTree(dir.resolve("out/summary.json").toFile());
        assertEquals(0, summary.at("/lines/read").asLong());
        assertTrue(summary.get("commit").isNull(), summary.toPrettyString());
        assertTrue(summary.get("head").isNull(), summary.toPrettyString());
    }

    private void analyzeTwoDaysOfThree(java.util.function.Consumer<LokiTestServer> configure) throws Exception {
        long end = TestFlowLines.nowNanos() - Duration.ofMinutes(5).toNanos();
        List<RawLine> week = LokiLines.week("analyze", end, 3_000, 300, 31);
        long from = end - 3 * TestFlowLines.NANOS_PER_DAY;
        long to = end - TestFlowLines.NANOS_PER_DAY;
        long matched = week.stream().filter(l -> l.tsNanos() >= from && l.tsNanos() < to).count();
        Path inventory = Files.writeString(dir.resolve("inventory.jsonl"),
            "{\"ip\":\"10.244.1.5\",\"kind\":\"pod\",\"namespace\":\"affine\",\"name\":\"affine-1\","
                + "\"workload\":\"Deployment/affine\",\"from\":\"2020-01-01T00:00:00Z\"}\n");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        try (LokiTestServer server = new LokiTestServer()) {
            LokiLines.load(server, week);
            // Lines the query must not match: another job.
            server.push(java.util.Map.of("job", "other", "host", "node-1"), from + 1, TestFlowLines.line(7));
            configure.accept(server);

            CommandLine cl = FlowpolicyCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute("analyze", "--loki-url", server.uri().toString(), "--from", LokiLines.rfc3339(from),
                "--to", LokiLines.rfc3339(to), "--inventory", inventory.toString(), "--out", out.toString(),
                "--partitions", "2", "--stream-threads", "1");

            assertEquals(0, exit, err.toString());
        }
        JsonNode summary = JsonSerde.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(matched, summary.at("/lines/read").asLong());
        assertEquals(LokiLines.rfc3339(from), summary.at("/window/from").asText());
        assertEquals(LokiLines.rfc3339(to), summary.at("/window/to").asText());
    }
}
