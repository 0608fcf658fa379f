package io.flowpolicy.local;

import io.flowpolicy.ingest.kafka.RecordsNotWrittenException;
import io.flowpolicy.ingest.loki.LokiQueryException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy analyze}: one run of the whole pipeline over a flow file or a Loki range, on an embedded broker,
 * then exit.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyse flows once on an embedded Kafka broker: policies into git, a table and summary.json.")
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--flows", paramLabel = "FILE",
        description = "Flow file: JSON Lines ({\"ts\",\"labels\",\"line\"}, logcli --output=jsonl or "
            + "journalctl -o json) or journal text. Or read Loki with --loki-url, --from and --to.")
    Path flows;

    @Mixin
    LokiOptions loki;

    @Option(names = "--inventory", required = true, paramLabel = "FILE",
        description = "Inventory file: JSON Lines of IP ownership intervals.")
    Path inventory;

    @Option(names = "--out", defaultValue = "flowpolicy-out", paramLabel = "DIR",
        description = "Output directory for summary.json (and the policy repository by default). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    GitRepoOptions git;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Partitions of the pipeline topics on the embedded broker. Default: one per stream thread.")
    Integer partitions;

    @Option(names = "--stream-threads", defaultValue = "" + LocalPipeline.DEFAULT_STREAM_THREADS,
        description = "Kafka Streams threads. Default: ${DEFAULT-VALUE}.")
    int streamThreads;

    @Mixin
    ServeOptions serve;

    @Mixin
    DnsOptions dns;

    @Mixin
    DnsNamingOptions naming;

    @Mixin
    CalicoEditionOption calico;

    @Mixin
    LinePrefixOption linePrefix;

    @Override
    public Integer call() throws Exception {
        LokiOptions.Source lokiSource = loki.present() ? loki.resolve(System.getenv()) : null;
        FlowSource source = flowSource(lokiSource);
        requireFile("--inventory", inventory);
        if (streamThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--stream-threads must be at least 1, got " + streamThreads);
        }
        int topicPartitions = topicPartitions();
        if (topicPartitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (dns.dnsFile != null) {
            requireFile("--dns-file", dns.dnsFile);
        }
        LocalPipeline.Request request;
        try {
            request = new LocalPipeline.Request(source, inventory, out,
                git.target(out.resolve("policy-repo"), out.resolve("policy-repo"), System.getenv()),
                calico.render(git.renderOptions()), git.reportSettings(), topicPartitions, streamThreads,
                new LocalPipeline.DnsRun(dns.source(naming, lokiSource), naming.settings()), linePrefix.validated());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            return Analysis.runAndReport(request, Analysis.serving(serve, spec), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        } catch (LokiQueryException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** As given, else one per stream thread: each thread then runs one task of each stage. */
    int topicPartitions() {
        return partitions == null ? streamThreads : partitions;
    }

    private FlowSource flowSource(LokiOptions.Source lokiSource) {
        if ((flows == null) == !loki.present()) {
            throw new ParameterException(spec.commandLine(), flows == null
                ? "set one source: --flows FILE, or --loki-url URL with --from and --to"
                : "--flows and --loki-url are mutually exclusive; set only one");
        }
        if (flows != null) {
            requireFile("--flows", flows);
            return FlowSource.file(flows);
        }
        LokiOptions.Source source = lokiSource;
        if (source.from() == null || source.to() == null) {
            throw new ParameterException(spec.commandLine(), "--loki-url needs --from and --to: analyze reads one range");
        }
        PrintWriter err = spec.commandLine().getErr();
        return FlowSource.loki(source, System.console() == null ? null : line -> {
            err.print("\r" + line + "   ");
            err.flush();
        });
    }

    private void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), option + ": no readable file at " + file.toAbsolutePath());
        }
    }

    /** Shared by analyze and demo: run, print the table, say where things are. */
    static final class Analysis {
        private Analysis() {
        }

        static int runAndReport(LocalPipeline.Request request, PrintWriter out, PrintWriter err) throws Exception {
            return runAndReport(request, null, out, err);
        }

        /** The bind address of --serve, or null without it. @throws ParameterException on a bad port or address */
        static InetSocketAddress serving(ServeOptions serve, CommandSpec spec) {
            try {
                return serve.serve ? serve.bind() : null;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        /** @param serveOn where to keep serving the dashboard after the analysis until Ctrl-C; null to exit */
        static int runAndReport(LocalPipeline.Request request, InetSocketAddress serveOn, PrintWriter out,
                                PrintWriter err) throws Exception {
            try {
                return runAndPrint(request, serveOn, out, err);
            } catch (RecordsNotWrittenException | AnalysisFailedException e) {
                // The run could not finish: one line saying why, for analyze and demo alike.
                err.println("error: " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        private static int runAndPrint(LocalPipeline.Request request, InetSocketAddress serveOn, PrintWriter out,
                                       PrintWriter err) throws Exception {
            LocalPipeline pipeline = new LocalPipeline(warning -> err.println("warning: " + warning));
            if (serveOn == null) {
                SummaryTable.print(pipeline.run(request).summary(), out);
                out.flush();
                return 0;
            }
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            // Ctrl-C runs this hook; it lets run() unwind (stop the service and broker, delete the work directory)
            // before the JVM exits.
            try (ShutdownHook hook = ShutdownHook.install("flowpolicy-serve-shutdown", () -> {
                stop.countDown();
                awaitQuietly(stopped);
            })) {
                pipeline.run(request, new LocalPipeline.Serving(serveOn, (result, url) -> {
                    SummaryTable.print(result.summary(), out);
                    out.printf("%ndashboard: %s  (API under /api/, Prometheus metrics at /metrics; Ctrl-C to stop)%n",
                        url);
                    out.flush();
                }, stop));
            } catch (BindException e) {
                err.println("error: cannot serve on " + serveOn + " (" + e.getMessage()
                    + "); choose another port with --http-port");
                return 2;
            } finally {
                stopped.countDown();
            }
            return 0;
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
