package io.flowpolicy.local;

import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.loki.LokiClientConfig;
import io.flowpolicy.ingest.loki.LokiReaderConfig;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.kafka.EmbeddedKafkaBroker;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Measures a Loki backfill into Kafka: about 500,000 lines over a week in the test server, read with the default
 * options and published with one transaction per window to an in-process broker; prints lines per second.
 * Not a test: run its {@code main} by hand (see docs/performance.md). Each run uses its own query, hence its own
 * source and checkpoint, so no run resumes another.
 */
public final class LokiIngestBenchmark {
    private LokiIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long to = TestFlowLines.nowNanos() - Duration.ofMinutes(3).toNanos();
        long from = to - 7 * TestFlowLines.NANOS_PER_DAY;
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        try (LokiTestServer server = new LokiTestServer();
             EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work).start()) {
            List<RawLine> lines = TestFlowLines.week(to, 7, total, total / 10, 1);
            TestFlowLines.load(server, lines);
            LocalPipeline.createTopicsKeepingOldRecords(broker.bootstrapServers(), 4);
            System.out.printf("loaded %,d lines on %d streams%n", server.size(), TestFlowLines.STREAMS.size());
            for (int run = 1; run <= runs; run++) {
                // A redundant filter per run: all match the same lines, but each is a new source with no checkpoint.
                String query = TestFlowLines.QUERY + " |= \"calico\"".repeat(run);
                LokiIngest ingest = new LokiIngest(new LokiIngest.Settings(broker.bootstrapServers(),
                    LokiClientConfig.builder(server.uri()).build(), LokiReaderConfig.of(query),
                    Timestamps.ofNanos(from), Timestamps.ofNanos(to), Duration.ZERO, Duration.ofSeconds(1),
                    List.of("host")));
                long t0 = System.nanoTime();
                LokiIngest.Result result = ingest.run(null);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (result.published() != server.size()) {
                    throw new IllegalStateException("published " + result.published() + " of " + server.size());
                }
                System.out.printf("run %d: %,d lines in %.2f s = %,.0f lines/s (%d requests, %d transactions)%n", run,
                    result.published(), seconds, result.published() / seconds, result.stats().requests(),
                    result.stats().windows());
            }
        }
    }
}
