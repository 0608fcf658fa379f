package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a full backfill through HTTP: loads about 500,000 lines over a week into the test
 * server and reads them back with the default reader options, printing lines per second.
 * Not a test: run its {@code main} by hand. Server and reader share the machine, so the figure
 * is a lower bound for the reader alone.
 */
public final class LokiBackfillBenchmark {

    private LokiBackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long to = TestFlowLines.nowNanos() - Duration.ofMinutes(3).toNanos();
        long from = to - 7 * TestFlowLines.NANOS_PER_DAY;
        try (LokiTestServer server = new LokiTestServer()) {
            List<RawLine> lines = TestFlowLines.week(to, 7, total, total / 10, 1);
            TestFlowLines.load(server, lines);
            System.out.printf("loaded %,d lines on %d streams%n", server.size(), TestFlowLines.STREAMS.size());
            LokiClient client = new LokiClient(LokiClientConfig.builder(server.uri()).build());
            for (int run = 1; run <= runs; run++) {
                LokiRangeReader reader = new LokiRangeReader(client, LokiReaderConfig.of(TestFlowLines.QUERY));
                AtomicLong delivered = new AtomicLong();
                long t0 = System.nanoTime();
                reader.read(from, to, (batch, end) -> delivered.addAndGet(batch.size()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (delivered.get() != server.size()) {
                    throw new IllegalStateException("delivered " + delivered.get() + " of " + server.size());
                }
                System.out.printf("run %d: %,d lines in %.2f s = %,.0f lines/s (%d requests)%n",
                        run, delivered.get(), seconds, delivered.get() / seconds, reader.stats().requests());
            }
        }
    }
}
