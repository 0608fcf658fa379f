package io.flowpolicy.local;

import io.flowpolicy.ingest.CheckpointMismatchException;
import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.dns.DnsQueryPublisher;
import io.flowpolicy.ingest.file.FilePosition;
import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.ingest.loki.LokiQueryException;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicLayout;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowpolicy ingest}: publishes flow lines from Loki (backfill, then follow unless {@code --to}) or from a
 * file to the raw topic of a Kafka cluster, resuming at the committed checkpoint. Exit 0 when done, 1 when Loki
 * refused the query (its message and the option to fix are printed), 2 for bad options and for a file that does
 * not continue the file its checkpoint was taken on.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Publish flow lines from Loki (or a file) to Kafka, exactly once, resuming where the last run stopped.")
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LokiOptions loki;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:FLOWPOLICY_BOOTSTRAP_SERVERS}", paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers. Default: $FLOWPOLICY_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--file", paramLabel = "FILE",
        description = "Publish this flow file instead of reading Loki, resuming after the lines an earlier run "
            + "published.")
    Path file;

    @Option(names = "--republish",
        description = "With --file: publish the whole file from line 1 even if an earlier run published some of it "
            + "(those lines are then published twice).")
    boolean republish;

    @Option(names = "--lag", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "How far behind now reading stays, following or backfilling (a --to within it is read once "
            + "now - lag has passed it), for lines that reach Loki late. Default: ${DEFAULT-VALUE}.")
    Duration lag;

    @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "How often following asks Loki for new lines. Default: ${DEFAULT-VALUE}.")
    Duration pollInterval;

    @Option(names = "--node-labels", split = ",", defaultValue = "host,node,instance,hostname", paramLabel = "LABEL",
        description = "Labels tried, in order, for the record key (the node). Default: ${DEFAULT-VALUE}.")
    List<String> nodeLabels;

    @Option(names = "--partitions", defaultValue = "4",
        description = "Partitions of topics created when missing. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
        description = "Replication factor of topics created when missing. Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--dns",
        description = "Also publish CoreDNS query lines from the same Loki (--dns-query) to flowpolicy.dns.queries, "
            + "with their own checkpoint, for the DNS naming of streams --dns-server.")
    boolean dns;

    @Option(names = "--dns-query", defaultValue = DnsQueryPublisher.DEFAULT_QUERY, paramLabel = "LOGQL",
        description = "LogQL query selecting CoreDNS query lines, with --dns. Default: ${DEFAULT-VALUE}.")
    String dnsQuery;

    @Option(names = "--dns-lead", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "With --dns, while following: flow lines are published only once the query lines up to their "
            + "time were committed at least this long before, so that the streams app has seen a query before the "
            + "flows it names. Default: ${DEFAULT-VALUE}.")
    Duration dnsLead;

    @Option(names = "--progress", description = "Print backfill progress to stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--metrics-port", defaultValue = "9400", paramLabel = "PORT",
        description = "Port of the Prometheus endpoint /metrics; 0 = none. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
        description = "Address /metrics listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    @Override
    public Integer call() throws Exception {
        validate();
        LokiOptions.Source source = file == null ? loki.resolve(System.getenv()) : null;
        try (MetricsEndpoint metrics = MetricsEndpoint.start(metricsBind, metricsPort)) {
            IngestMeters meters = new IngestMeters(metrics.registry(), Clock.systemUTC());
            TopicAdmin.createAndAwait(bootstrapServers, TopicLayout.newTopics(partitions, replicationFactor),
                Duration.ofSeconds(60));
            PrintWriter out = spec.commandLine().getOut();
            if (source == null) {
                return ingestFile(meters, out);
            }
            return ingestLoki(source, meters, out);
        }
    }

    private int ingestFile(IngestMeters meters, PrintWriter out) throws Exception {
        FileIngest.FileRun run;
        try {
            run = new FileIngest(bootstrapServers, meters).publishFlowsOnce(file, nodeLabels, republish,
                warning -> spec.commandLine().getErr().println("warning: " + warning));
        } catch (CheckpointMismatchException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        } catch (RuntimeException e) {
            return takenOver(e, file.toString());
        }
        FilePosition earlier = run.checkpoint();
        if (run.nothingLeft()) {
            out.printf("all lines of %s were published by an earlier run (through line %d, byte %d)%n", file,
                earlier.lines(), earlier.offset());
        } else if (run.resumed()) {
            out.printf("resumed after line %d (byte %d) of %s: the lines before it were published by an earlier run%n",
                earlier.lines(), earlier.offset(), file);
        } else if (republish && earlier != null) {
            out.printf("republished %s from line 1: an earlier run had published its source through line %d (byte %d); "
                + "lines both runs published are on the raw topic twice%n", file, earlier.lines(), earlier.offset());
        }
        out.printf("published %d lines of %s (%d rejected)%n", run.counts().read(), file, run.counts().rejected());
        out.flush();
        return 0;
    }

    private int ingestLoki(LokiOptions.Source source, IngestMeters meters, PrintWriter out) throws Exception {
        LokiIngest ingest;
        DnsAlongside both;
        try {
            LokiIngest.Settings given = new LokiIngest.Settings(bootstrapServers, source.client(), source.reader(),
                source.from(), source.to(), lag, pollInterval, nodeLabels);
            LokiIngest.Settings settings = source.fromRelative() ? given.withFromIfNew() : given;
            both = dns ? DnsAlongside.of(settings, dnsQuery, dnsLead, meters) : null;
            ingest = dns ? null : new LokiIngest(settings, meters);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (ShutdownHook hook = ShutdownHook.install("ingest-shutdown",
            () -> stopAndWait(both == null ? ingest::close : both::close, finished))) {
            LokiIngest.Result result = both == null ? ingest.run(progressPrinter())
                : both.run(source.to() != null, progressPrinter());
            if (both != null && both.dnsResult() != null) {
                out.printf("published %d DNS query lines from %s, cursor %s%n", both.dnsResult().published(),
                    source.client().baseUrl(), Timestamps.ofNanos(both.dnsResult().cursorNanos()));
            }
            out.printf("published %d lines from %s, cursor %s%n", result.published(), source.client().baseUrl(),
                Timestamps.ofNanos(result.cursorNanos()));
            out.flush();
            return 0;
        } catch (LokiQueryException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (Exception e) {
            return takenOver(e, source.client().baseUrl() + " " + source.reader().query());
        } finally {
            finished.countDown();
        }
    }

    /**
     * Exit status 1 with one line when another ingest of the source took it over ({@link TakenOver}).
     *
     * @param source what names the source in the message: the file, or the Loki URL and query
     * @throws Exception {@code e} itself, for any other failure
     */
    private <E extends Exception> int takenOver(E e, String source) throws E {
        if (!TakenOver.is(e)) {
            throw e;
        }
        spec.commandLine().getErr().println("error: " + TakenOver.message(source));
        spec.commandLine().getErr().flush();
        return 1;
    }

    private void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw fail("--bootstrap-servers is required (or set $FLOWPOLICY_BOOTSTRAP_SERVERS)");
        }
        if ((file == null) == !loki.present()) {
            throw fail(file == null ? "set one source: --loki-url URL or --file FILE"
                : "--file and --loki-url are mutually exclusive; set only one");
        }
        if (republish && file == null) {
            throw fail("--republish applies to --file only; a Loki source resumes at its checkpoint or --from");
        }
        if (dnsLead.isNegative()) {
            throw fail("--dns-lead must not be negative, got " + dnsLead);
        }
        if (dns && file != null) {
            throw fail("--dns reads CoreDNS query lines from Loki; it cannot be combined with --file");
        }
        if (file != null && !Files.isReadable(file)) {
            throw fail("--file: no readable file at " + file.toAbsolutePath());
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw fail("--metrics-port must be 0 (no endpoint) or 1-65535, got " + metricsPort);
        }
        if (partitions < 1) {
            throw fail("--partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw fail("--replication-factor must be at least 1, got " + replicationFactor);
        }
        if (nodeLabels.isEmpty() || nodeLabels.stream().anyMatch(String::isBlank)) {
            throw fail("--node-labels must name at least one label, e.g. " + String.join(",",
                LinePublisher.DEFAULT_NODE_LABELS));
        }
    }

    private Consumer<String> progressPrinter() {
        boolean terminal = System.console() != null;
        if (!terminal && !progress) {
            return null;
        }
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            // On a terminal the report rewrites one line; in a log, each report is a line of its own.
            err.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
            err.flush();
        };
    }

    /** On SIGTERM: stop at the next window boundary and let the running transaction finish or abort. */
    private static void stopAndWait(Runnable stop, CountDownLatch finished) {
        stop.run();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
