package io.flowpolicy.local;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.kafka.EmbeddedKafkaBroker;
import io.flowpolicy.kafka.WorkDirectories;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.TopologySettings;
import io.flowpolicy.streams.parse.CalicoLineParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The floor under {@code analyze}'s end-to-end figure: the same file ingest into the same in-process broker, and a
 * Kafka Streams app with the same settings (exactly-once, two stream threads, one partition per thread) whose
 * topology does almost nothing with each raw line. Its rate, measured as analyze measures its own (first line read
 * to the last line processed), is what the broker, the clients, Kafka Streams and the JIT cost on this machine
 * before any of flowpolicy's work; docs/performance.md compares it with analyze and the awk baseline.
 *
 * <p>Each line is, by mode: {@code count} counted by the newlines of its record; {@code decode} decoded into a
 * {@link RawLine}; {@code parse} decoded and parsed by the pipeline's {@link CalicoLineParser}.
 *
 * <p>Not a test: run its {@code main} by hand, from the repository root after {@code bench/run.sh} made the data:
 * <pre>
 * mvn -B -o -q -pl local -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd local &amp;&amp; java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     io.flowpolicy.local.StreamsFloorBenchmark ../bench/target/e2e/data/flows.jsonl [count|decode|parse]
 * </pre>
 */
public final class StreamsFloorBenchmark {
    /** As {@code analyze} by default: one partition per stream thread. */
    private static final int THREADS = LocalPipeline.DEFAULT_STREAM_THREADS;

    private StreamsFloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path flows = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "count";
        System.out.printf("load average at start: %s%n", BenchmarkCluster.loadAverage());
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "floor-");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work.resolve("kafka")).start()) {
            String bootstrap = broker.bootstrapServers();
            LocalPipeline.createTopicsKeepingOldRecords(bootstrap, THREADS);
            LongAdder processed = new LongAdder();
            Properties props = StreamsConfigs.of(bootstrap, "floor-" + mode, work.resolve("state"), THREADS, null);
            try (KafkaStreams streams = new KafkaStreams(topology(mode, processed).build(), props)) {
                streams.start();
                long started = System.nanoTime();
                FileIngest.Counts counts = new FileIngest(bootstrap).publishFlows(flows,
                    TopologySettings.defaults().nodeLabels(), warning -> { });
                long published = System.nanoTime();
                while (processed.sum() < counts.read()) {
                    Thread.sleep(5);
                }
                long done = System.nanoTime();
                System.out.printf("mode %s: %,d lines; published after %.2f s, processed after %.2f s = %,.0f "
                    + "lines/s%n", mode, counts.read(), (published - started) / 1e9, (done - started) / 1e9,
                    counts.read() / ((done - started) / 1e9));
            }
        } finally {
            WorkDirectories.deleteRecursively(work);
        }
        System.out.printf("load average at end: %s%n", BenchmarkCluster.loadAverage());
    }

    private static StreamsBuilder topology(String mode, LongAdder processed) {
        StreamsBuilder builder = new StreamsBuilder();
        CalicoLineParser parser = new CalicoLineParser(TopologySettings.defaults().linePrefix(),
            TopologySettings.defaults().maxLineLength());
        Consumer<RawLine> work = switch (mode) {
            case "count", "decode" -> line -> processed.increment();
            case "parse" -> line -> {
                parser.parse(line.line());
                processed.increment();
            };
            default -> throw new IllegalArgumentException("mode must be count, decode or parse, got " + mode);
        };
        if (mode.equals("count")) {
            builder.stream(Topics.RAW_LINES.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((key, value) -> processed.add(lineCount(value)));
        } else {
            builder.stream(Topics.RAW_LINES.name(), Consumed.with(Serdes.ByteArray(),
                    Topics.RAW_LINES.valueSerde()))
                .foreach((key, value) -> value.lines().forEach(work));
        }
        return builder;
    }

    /** The lines of a raw-topic record, counted without reading them: its newlines, plus one. */
    private static int lineCount(byte[] value) {
        int lines = 1;
        for (byte b : value) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
