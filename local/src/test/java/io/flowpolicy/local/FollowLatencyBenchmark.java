package io.flowpolicy.local;

import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.kafka.EmbeddedKafkaBroker;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.kafka.WorkDirectories;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologySettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures, in follow mode, how long a line with a never-seen destination takes from the raw topic to its event on
 * the new-destinations topic (the target is a p99 of at most 1 s). Everything runs in this JVM: an in-process broker,
 * the real {@link StreamsService} (two stream threads, exactly-once), and real transactional {@link LinePublisher}s.
 * While a background publisher keeps sending repeats of 10 known rules per namespace (20 namespaces) at a steady
 * rate, one transaction every 100 ms, a probe publisher sends one line to a new external IP every 100 ms, each in a
 * transaction of its own.
 *
 * <p>A probe's latency runs from the moment its {@code commitTransaction} returned (from then on read_committed
 * consumers, the Streams app among them, can see it; the raw topic's record time is the line's own source time, not
 * the append time) to the moment a read_committed consumer of {@link Topics#NEW_DESTINATIONS} in this JVM received
 * the event. Both are {@link System#nanoTime()} readings. The first probes are a warm-up and not counted.
 *
 * <p>Not a test: run its {@code main} by hand. How to run, from the repository root:
 * <pre>
 * mvn -B -o -q -pl local -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd local &amp;&amp; java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     io.flowpolicy.local.FollowLatencyBenchmark [samples=300] [background lines/s=3000] [warm-up probes=50]
 * </pre>
 * It prints count, p50, p90, p99 and max in milliseconds, with the load average before and after (measurements on
 * a shared machine are only meaningful with it).
 */
public final class FollowLatencyBenchmark {
    private static final long PROBE_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
    private static final Duration WARM_UP_BACKGROUND = Duration.ofSeconds(10);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final BenchmarkCluster CLUSTER = new BenchmarkCluster(20, 4);
    private static final int KNOWN_PEERS = 10;
    private static final int PORT = 443;

    private FollowLatencyBenchmark() {
    }

    /** One probe line: when its send started and when its transaction had committed. */
    private record Probe(String ip, long sendNanos, long committedNanos) {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        System.out.printf("load average at start: %s%n", BenchmarkCluster.loadAverage());
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work.resolve("kafka")).start()) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin.createAndAwait(bootstrap, TopicLayout.newTopics(4, (short) 1), Duration.ofSeconds(30));
            CLUSTER.publishInventory(bootstrap);
            try (StreamsService service = new StreamsService(new StreamsService.Settings(bootstrap,
                     StreamsConfigs.DEFAULT_APPLICATION_ID, work.resolve("streams-state"), 2,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1",
                     TopologySettings.defaults()));
                 EventWatch events = new EventWatch(bootstrap)) {
                service.start();
                service.awaitRunning(Duration.ofMinutes(2));
                List<Probe> probes;
                long backgroundLines;
                double backgroundSeconds;
                try (BackgroundLines background = new BackgroundLines(bootstrap, rate)) {
                    Thread.sleep(WARM_UP_BACKGROUND.toMillis());
                    probes = sendProbes(bootstrap, warmUp + samples);
                    backgroundLines = background.sent();
                    backgroundSeconds = background.seconds();
                }
                events.awaitAll(probes.stream().map(Probe::ip).toList(), EVENT_TIMEOUT);
                System.out.printf("background: %,d lines in %.1f s = %,.0f lines/s (target %,d)%n", backgroundLines,
                    backgroundSeconds, backgroundLines / backgroundSeconds, rate);
                report(probes.subList(warmUp, probes.size()), events);
            }
        } finally {
            WorkDirectories.deleteRecursively(work);
        }
        System.out.printf("load average at end: %s%n", BenchmarkCluster.loadAverage());
    }

    /** Sends one line to a new external IP every 100 ms, each in a transaction of its own. */
    private static List<Probe> sendProbes(String bootstrap, int count) throws InterruptedException {
        List<Probe> probes = new ArrayList<>(count);
        try (LinePublisher publisher = new LinePublisher(bootstrap, "bench-probes", LinePublisher.DEFAULT_NODE_LABELS)) {
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String ip = BenchmarkCluster.externalIp(i);
                long sent = System.nanoTime();
                publisher.send(CLUSTER.line(Timestamps.toNanos(Instant.now()), i % CLUSTER.namespaces(),
                    i % CLUSTER.pods(), ip, PORT));
                publisher.commit();
                probes.add(new Probe(ip, sent, System.nanoTime()));
                next += PROBE_INTERVAL_NANOS;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            }
        }
        return probes;
    }

    private static void report(List<Probe> probes, EventWatch events) {
        long[] fromCommit = new long[probes.size()];
        long[] fromSend = new long[probes.size()];
        long[] commit = new long[probes.size()];
        int seen = 0;
        for (Probe probe : probes) {
            Long at = events.seenAt(probe.ip());
            if (at != null) {
                fromCommit[seen] = at - probe.committedNanos();
                fromSend[seen] = at - probe.sendNanos();
                commit[seen] = probe.committedNanos() - probe.sendNanos();
                seen++;
            }
        }
        System.out.printf("probes: %d sent after the warm-up, %d events received%n", probes.size(), seen);
        print("commit returned -> event received", Arrays.copyOf(fromCommit, seen));
        print("send started    -> event received", Arrays.copyOf(fromSend, seen));
        print("probe transaction (send + commit)", Arrays.copyOf(commit, seen));
    }

    private static void print(String what, long[] nanos) {
        if (nanos.length == 0) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: count %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, nanos.length,
            millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.90)), millis(percentile(nanos, 0.99)),
            millis(nanos[nanos.length - 1]));
    }

    /** Nearest rank: the smallest sample with at least {@code q} of the samples at or below it. */
    private static long percentile(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Publishes repeats of the known rules (10 external peers per namespace) at a steady rate from its own thread,
     * one transaction per 100 ms, the way a follower publishes what it read since its last poll.
     */
    private static final class BackgroundLines implements AutoCloseable {
        private static final int TICKS_PER_SECOND = 10;

        private final LinePublisher publisher;
        private final int perTick;
        private final Thread thread;
        private final AtomicLong sent = new AtomicLong();
        private final long started = System.nanoTime();
        private volatile long stopped;
        private volatile boolean running = true;

        BackgroundLines(String bootstrap, int linesPerSecond) {
            this.publisher = new LinePublisher(bootstrap, "bench-background", LinePublisher.DEFAULT_NODE_LABELS);
            this.perTick = Math.max(1, linesPerSecond / TICKS_PER_SECOND);
            this.thread = new Thread(this::run, "bench-background");
            thread.start();
        }

        private void run() {
            SplittableRandom random = new SplittableRandom(1);
            long tick = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
            long next = System.nanoTime();
            try {
                while (running) {
                    long now = Timestamps.toNanos(Instant.now());
                    for (int i = 0; i < perTick; i++) {
                        publisher.send(CLUSTER.line(now + i, random.nextInt(CLUSTER.namespaces()),
                            random.nextInt(CLUSTER.pods()), "192.0.2." + (1 + random.nextInt(KNOWN_PEERS)), PORT));
                    }
                    publisher.commit();
                    sent.addAndGet(perTick);
                    next += tick;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped = System.nanoTime();
            }
        }

        long sent() {
            return sent.get();
        }

        double seconds() {
            return ((stopped == 0 ? System.nanoTime() : stopped) - started) / 1e9;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            publisher.close();
        }
    }

    /**
     * A read_committed consumer of the new-destinations topic, on its own thread, noting when the first event for
     * each external IP arrived.
     */
    private static final class EventWatch implements AutoCloseable {
        private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        EventWatch(String bootstrap) {
            KafkaConsumer<String, NewDestination> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.NEW_DESTINATIONS.keySerde().deserializer(), Topics.NEW_DESTINATIONS.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NEW_DESTINATIONS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.thread = new Thread(() -> poll(consumer), "bench-event-watch");
            thread.start();
        }

        private void poll(KafkaConsumer<String, NewDestination> consumer) {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, NewDestination> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        String ip = record.value().peer().ip();
                        if (ip != null) {
                            seenAt.putIfAbsent(ip, now);
                        }
                    }
                }
            }
        }

        Long seenAt(String ip) {
            return seenAt.get(ip);
        }

        /** Waits until every IP has had its event, or the timeout passed (the report then counts what came). */
        void awaitAll(List<String> ips, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seenAt.keySet().containsAll(ips) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
