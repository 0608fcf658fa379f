package io.flowpolicy.bench;

import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.parse.ParseResult;
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

/** Lines per second of the LOG-line parser on one thread, every field the pipeline uses. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {
    private static final int LINES = 10_000;

    private final CalicoLineParser parser = new CalicoLineParser();
    private String[] lines;

    @Setup
    public void setUp() {
        lines = SampleLines.generate(LINES, 42);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole sink) {
        for (String line : lines) {
            ParseResult result = parser.parse(line);
            sink.consume(result);
        }
    }
}
