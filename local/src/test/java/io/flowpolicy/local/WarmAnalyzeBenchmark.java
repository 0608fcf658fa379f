package io.flowpolicy.local;

import io.flowpolicy.kafka.WorkDirectories;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code analyze}'s end-to-end figure in a JVM that has already run it: the whole analysis (a new embedded broker,
 * new topics, new Streams state, a new policy repository) several times over the same flow file in one JVM, each
 * run's rate measured as {@code analyze} measures its own (first line read to the last profile and candidate
 * published). The first run is what {@code flowpolicy analyze} does in a fresh JVM; the later ones show how much of
 * it was the JIT compiling the broker, the clients, Kafka Streams and the pipeline (docs/performance.md).
 *
 * <p>Every run must produce the same summary (lines read and rejected, namespaces, new destinations) and commit the
 * same files (the commit's tree: the commit itself carries the time it was made); it exits with status 1 when one
 * does not, so a warm figure always stands for the same work.
 *
 * <p>Not a test: run its {@code main} by hand, from the repository root after {@code bench/run.sh} made the data:
 * <pre>
 * mvn -B -o -q -pl local -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd local &amp;&amp; java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     io.flowpolicy.local.WarmAnalyzeBenchmark ../bench/target/e2e/data/flows.jsonl \
 *     ../bench/target/e2e/data/inventory.jsonl 5
 * </pre>
 */
public final class WarmAnalyzeBenchmark {
    /** As {@code analyze} by default: one partition per stream thread. */
    private static final int THREADS = LocalPipeline.DEFAULT_STREAM_THREADS;

    private WarmAnalyzeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path flows = Path.of(args[0]);
        Path inventory = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("load average at start: %s%n", BenchmarkCluster.loadAverage());
        Summary first = null;
        String firstTree = null;
        for (int run = 1; run <= runs; run++) {
            Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "warm-analyze-");
            try {
                Summary summary = new LocalPipeline(warning -> { }).run(new LocalPipeline.Request(flows, inventory,
                    out, out.resolve("policies"), "main", THREADS, THREADS)).summary();
                String tree = committedTree(out.resolve("policies"));
                System.out.printf("run %d: %,d lines in %.2f s = %,.0f lines/s (JVM up %.1f s)%n", run,
                    summary.lines().read(), summary.performance().processingSeconds(),
                    summary.performance().linesPerSecond(), summary.performance().jvmUptimeSeconds());
                if (first == null) {
                    first = summary;
                    firstTree = tree;
                } else if (!sameWork(first, summary) || !firstTree.equals(tree)) {
                    System.out.printf("run %d produced another summary or tree (%s, run 1: %s) than run 1: %s%n", run,
                        tree, firstTree, summary);
                    System.exit(1);
                }
            } finally {
                WorkDirectories.deleteRecursively(out);
            }
        }
        System.out.printf("load average at end: %s%n", BenchmarkCluster.loadAverage());
    }

    private static boolean sameWork(Summary a, Summary b) {
        return a.lines().equals(b.lines()) && a.namespaces().equals(b.namespaces())
            && a.newDestinations().equals(b.newDestinations());
    }

    /** The id of the tree the repository's head commit holds: equal for equal files. */
    private static String committedTree(Path repository) throws java.io.IOException {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(repository.toFile())) {
            return git.getRepository().resolve("HEAD^{tree}").name();
        }
    }
}
