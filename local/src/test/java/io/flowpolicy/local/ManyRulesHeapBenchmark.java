package io.flowpolicy.local;

import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.kafka.EmbeddedKafkaBroker;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.kafka.WorkDirectories;
import io.flowpolicy.model.NewDestination;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.ConsumerGroupProgress;
import io.flowpolicy.streams.StreamsConfigs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs the streams-app in a child JVM with a small heap (the target: {@code -Xmx256m}) over 100,000 distinct
 * (namespace, peer, protocol, port) rules, and reports whether it completed, how long it took, the peak heap and any
 * OutOfMemoryError. This JVM holds the in-process broker; it publishes the inventory (4 pods per namespace) and, with
 * the real transactional {@link LinePublisher} (10,000 lines per transaction, as the file ingest does), every rule
 * {@code repeats} times over the last hour, all before the child starts, so the child meets a backlog as after a
 * backfill. The child is {@code flowpolicy streams} on the benchmark's class path, with {@code -Xlog:gc} to a file:
 * the peak heap is the largest occupancy before a collection (G1 lets it grow towards {@code -Xmx} before it
 * collects), the retained heap the largest after one (an upper bound of the live set: a young collection leaves the
 * old generation's garbage in place). It is done when there is one new-destination event per rule and its consumer
 * group has caught up with the raw and enriched topics twice in a row. At the end, {@code jcmd GC.class_histogram}
 * (after a full collection, so the true live set) lists what the child's heap holds.
 *
 * <p>With 20 namespaces of 5,000 rules the run is long (37 minutes on 2 shared cores): every new rule re-reads its
 * namespace's rules and re-emits the whole candidate policy, so the work grows with the square of the rules per
 * namespace; 200 namespaces of 500 rules make the same 100,000 keys in minutes.
 *
 * <p>Not a test: run its {@code main} by hand. How to run, from the repository root:
 * <pre>
 * mvn -B -o -q -pl local -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd local &amp;&amp; java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     io.flowpolicy.local.ManyRulesHeapBenchmark [namespaces=20] [peers per namespace=5000] [child heap=256m] \
 *     [repeats=2] [timeout minutes=60]
 * </pre>
 * The child's log, GC log and histogram stay in {@code local/target/heap-bench-<time>/}; the broker's data and the
 * state directory are deleted.
 */
public final class ManyRulesHeapBenchmark {
    private static final int PODS = 4;
    private static final int PORT = 443;
    private static final int LINES_PER_TRANSACTION = 10_000;
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(30);
    // Only collections: Remark and Cleanup pauses print the occupancy too, but free nothing.
    private static final Pattern GC_PAUSE = Pattern.compile("Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ManyRulesHeapBenchmark() {
    }

    /**
     * What the GC log says: the largest heap occupancy before and after a collection, the collections, how many were
     * full and how many a humongous allocation (in G1, an object of half a region or more) started.
     */
    private record HeapPeaks(long beforeGcMiB, long afterGcMiB, long collections, long fullCollections,
                             long humongousStarted) {
    }

    public static void main(String[] args) throws Exception {
        int namespaces = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int peers = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        String heap = args.length > 2 ? args[2] : "256m";
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Duration timeout = Duration.ofMinutes(args.length > 4 ? Integer.parseInt(args[4]) : 60);
        long rules = (long) namespaces * peers;
        Path work = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("heap-bench-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        System.out.printf("load average at start: %s%n", BenchmarkCluster.loadAverage());
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(work.resolve("kafka")).start()) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin.createAndAwait(bootstrap, TopicLayout.newTopics(4, (short) 1), Duration.ofSeconds(30));
            BenchmarkCluster cluster = new BenchmarkCluster(namespaces, PODS);
            cluster.publishInventory(bootstrap);
            long lines = publishLines(bootstrap, cluster, peers, repeats);
            System.out.printf("published %,d lines: %,d rules (%d namespaces x %,d peers) x %d; child heap -Xmx%s%n",
                lines, rules, namespaces, peers, repeats, heap);
            Process child = startStreams(bootstrap, work, heap);
            long started = System.nanoTime();
            boolean completed;
            try {
                completed = awaitEvents(bootstrap, rules, child, work, started, timeout);
                System.out.printf("%s after %.1f s (child started to all events and caught up twice, 2 s apart)%n",
                    completed ? "COMPLETED" : "NOT COMPLETED", (System.nanoTime() - started) / 1e9);
                if (child.isAlive()) {
                    System.out.printf("child peak RSS: %s%n", peakRss(child.pid()));
                    Files.writeString(work.resolve("class-histogram.txt"), classHistogram(child.pid()));
                }
            } finally {
                stop(child);
            }
            HeapPeaks peaks = heapPeaks(work.resolve("gc.log"));
            System.out.printf("child heap: peak %d MiB before a collection, at most %d MiB retained after one; "
                    + "%d collections, %d full, %d started by a humongous allocation%n", peaks.beforeGcMiB(),
                peaks.afterGcMiB(), peaks.collections(), peaks.fullCollections(), peaks.humongousStarted());
            System.out.printf("OutOfMemoryError in the child's log: %s%n",
                Files.readString(work.resolve("streams.log")).contains("OutOfMemoryError") ? "YES" : "no");
            printHead(work.resolve("class-histogram.txt"), 25);
        } finally {
            WorkDirectories.deleteRecursively(work.resolve("kafka"));
            WorkDirectories.deleteRecursively(work.resolve("state"));
        }
        System.out.printf("load average at end: %s%nlogs in %s%n", BenchmarkCluster.loadAverage(), work);
    }

    /**
     * Every (namespace, peer) rule {@code repeats} times, namespaces interleaved, times spread over the hour before
     * now, from a round-robin of each namespace's pods.
     */
    private static long publishLines(String bootstrap, BenchmarkCluster cluster, int peers, int repeats) {
        long total = (long) repeats * peers * cluster.namespaces();
        long start = Timestamps.toNanos(Instant.now().minus(Duration.ofHours(1)));
        long step = Duration.ofHours(1).toNanos() / total;
        long sent = 0;
        try (LinePublisher publisher = new LinePublisher(bootstrap, "bench-many-rules",
            LinePublisher.DEFAULT_NODE_LABELS)) {
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (int peer = 0; peer < peers; peer++) {
                    for (int ns = 0; ns < cluster.namespaces(); ns++) {
                        publisher.send(cluster.line(start + sent * step, ns, (int) (sent % PODS),
                            BenchmarkCluster.externalIp(peer), PORT));
                        if (++sent % LINES_PER_TRANSACTION == 0) {
                            publisher.commit();
                        }
                    }
                }
            }
            publisher.commit();
        }
        return sent;
    }

    /** {@code flowpolicy streams} in a child JVM on this JVM's class path, its output in streams.log. */
    private static Process startStreams(String bootstrap, Path work, String heap) throws IOException {
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = probe.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap, "-Xlog:gc:file=" + work.resolve("gc.log"),
            "-cp", System.getProperty("java.class.path"), FlowpolicyCommand.class.getName(), "streams",
            "--bootstrap-servers", bootstrap, "--state-dir", work.resolve("state").toString(),
            "--http-bind", "127.0.0.1", "--http-port", Integer.toString(httpPort), "--advertised-host", "127.0.0.1");
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(work.resolve("streams.log").toFile()).start();
        System.out.printf("child pid %d: %s%n", child.pid(), String.join(" ", command.subList(0, 3)) + " … streams");
        return child;
    }

    /**
     * Counts new-destination events (read_committed) until there is one per rule and the app's group has caught up
     * twice in a row; false when the child died, logged an OutOfMemoryError or the timeout passed.
     */
    private static boolean awaitEvents(String bootstrap, long rules, Process child, Path work, long started,
                                       Duration timeout) throws Exception {
        long deadline = started + timeout.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
        long events = 0;
        long lastEventAt = started;
        int caughtUp = 0;
        try (KafkaConsumer<String, NewDestination> consumer = eventConsumer(bootstrap);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            ConsumerGroupProgress progress = new ConsumerGroupProgress(admin, StreamsConfigs.DEFAULT_APPLICATION_ID);
            List<String> inputs = List.of(Topics.RAW_LINES.name(), Topics.ENRICHED_FLOWS.name());
            while (caughtUp < 2) {
                if (!child.isAlive() || System.nanoTime() > deadline || oomLogged(work)) {
                    System.out.printf("stopped waiting: child %s, %,d of %,d events, behind: %s%n",
                        child.isAlive() ? "alive" : "exited " + child.exitValue(), events, rules,
                        progress.lagging(inputs));
                    return false;
                }
                int polled = consumer.poll(CHECK_INTERVAL).count();
                if (polled > 0) {
                    events += polled;
                    lastEventAt = System.nanoTime();
                }
                caughtUp = events >= rules && progress.caughtUp(inputs) ? caughtUp + 1 : 0;
                if (System.nanoTime() > nextProgress) {
                    System.out.printf("%s: %,d of %,d events, %s%n", Instant.now(), events, rules,
                        lastGcLine(work.resolve("gc.log")));
                    nextProgress += PROGRESS_INTERVAL.toNanos();
                }
            }
            System.out.printf("%,d new-destination events for %,d rules, the last %.1f s after the child started%n",
                events, rules, (lastEventAt - started) / 1e9);
            return events == rules;
        }
    }

    private static KafkaConsumer<String, NewDestination> eventConsumer(String bootstrap) {
        KafkaConsumer<String, NewDestination> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            Topics.NEW_DESTINATIONS.keySerde().deserializer(), Topics.NEW_DESTINATIONS.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.NEW_DESTINATIONS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static boolean oomLogged(Path work) throws IOException {
        return Files.readString(work.resolve("streams.log")).contains("OutOfMemoryError");
    }

    private static String lastGcLine(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return "no collection yet";
        }
        List<String> lines = Files.readAllLines(gcLog);
        return lines.isEmpty() ? "no collection yet" : "last GC: " + lines.get(lines.size() - 1);
    }

    private static HeapPeaks heapPeaks(Path gcLog) throws IOException {
        long before = 0;
        long after = 0;
        long collections = 0;
        long full = 0;
        long humongous = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(2)));
                after = Math.max(after, Long.parseLong(m.group(3)));
                collections++;
                full += "Full".equals(m.group(1)) ? 1 : 0;
                humongous += line.contains("Humongous Allocation") ? 1 : 0;
            }
        }
        return new HeapPeaks(before, after, collections, full, humongous);
    }

    /** The child's resident-set high-water mark (VmHWM), as Linux reports it. */
    private static String peakRss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
    }

    /** The live objects of the child by class (jcmd runs a full collection first). */
    private static String classHistogram(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(1, TimeUnit.MINUTES);
        return out;
    }

    /** The first lines of the histogram, the largest classes, and its last, the total. */
    private static void printHead(Path file, int lines) throws IOException {
        if (Files.exists(file)) {
            List<String> histogram = Files.readAllLines(file);
            System.out.println("live heap of the child, largest classes (jcmd GC.class_histogram):");
            histogram.stream().limit(lines).forEach(System.out::println);
            System.out.println(histogram.get(histogram.size() - 1));
        }
    }

    /** SIGTERM (the app closes its streams cleanly), then SIGKILL if it has not exited within a minute. */
    private static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(1, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
        }
    }
}
