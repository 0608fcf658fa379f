package io.flowpolicy.bench;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.streams.enrich.FlowEnricher;
import io.flowpolicy.streams.enrich.InventoryLookup;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.parse.ParseResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lines per second of parse + point-in-time attribution on one thread, with the inventory in memory: the cost of
 * the enrichment logic itself, apart from the RocksDB global store it reads in the app.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnrichBenchmark {
    private static final int LINES = 10_000;
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    private final CalicoLineParser parser = new CalicoLineParser();
    private RawLine[] lines;
    private FlowEnricher enricher;

    @Setup
    public void setUp() {
        Map<String, InventoryRecord> owners = new HashMap<>();
        for (int subnet = 0; subnet < 4; subnet++) {
            for (int host = 2; host < 252; host++) {
                String ip = "10.244." + subnet + "." + host;
                owners.put(ip, new InventoryRecord(ip, "pod", "ns-" + host % 40, "pod-" + host, "Deployment/app-" + host,
                    Map.of("app", "app-" + host), "node-1", List.of(), FROM, null));
            }
        }
        owners.put("10.244.0.10", new InventoryRecord("10.244.0.10", "pod", "kube-system", "coredns-1",
            "Deployment/coredns", Map.of("k8s-app", "kube-dns"), "node-1", List.of("kube-system/kube-dns"), FROM, null));
        InventoryLookup lookup = (ip, at) -> Optional.ofNullable(owners.get(ip)).filter(r -> r.ownedAt(at));
        enricher = new FlowEnricher(lookup, List.of("host"));
        String[] text = SampleLines.generate(LINES, 7);
        lines = new RawLine[LINES];
        for (int i = 0; i < LINES; i++) {
            lines[i] = RawLine.of(1_780_000_000_000_000_000L + i, Map.of("host", "node-1"), text[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseAndAttribute(Blackhole sink) {
        for (RawLine line : lines) {
            if (parser.parse(line.line()) instanceof ParseResult.Parsed parsed) {
                sink.consume(enricher.enrich(line, parsed.flow()));
            }
        }
    }
}
