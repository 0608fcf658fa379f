package io.flowpolicy.local;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.ingest.kafka.RecordsNotWrittenException;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.TopicLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy inventory}: publishes IP ownership intervals to the inventory topic of a running Kafka cluster,
 * either once from a file or continuously from a Kubernetes cluster until the process is stopped.
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
    description = "Publish IP ownership intervals to the inventory topic: once from a file (--file), or continuously "
        + "from a Kubernetes cluster (--kubernetes) until SIGTERM/Ctrl-C. Creates the pipeline topics if missing.")
final class InventoryCommand implements Callable<Integer> {
    static final String BOOTSTRAP_ENV = "FLOWPOLICY_BOOTSTRAP_SERVERS";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    // Checked in call() rather than with required = true, so that a value from the environment counts as given.
    @Option(names = "--bootstrap-servers", defaultValue = "${env:" + BOOTSTRAP_ENV + "}", paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers, comma-separated. Default: $" + BOOTSTRAP_ENV + ".")
    String bootstrapServers;

    @Option(names = "--file", paramLabel = "FILE",
        description = "Publish the intervals of this inventory file (JSON Lines) and exit.")
    Path file;

    @Option(names = "--kubernetes",
        description = "Watch the cluster of the current kubeconfig context (or the in-cluster service account) and "
            + "publish every change until stopped.")
    boolean kubernetes;

    @Option(names = "--partitions", defaultValue = "4",
        description = "Partitions of topics this command creates. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
        description = "Replication factor of topics this command creates. Default: ${DEFAULT-VALUE}.")
    int replicationFactor;

    @Option(names = "--metrics-port", defaultValue = "9402", paramLabel = "PORT",
        description = "Port of the Prometheus endpoint /metrics; 0 = none. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
        description = "Address /metrics listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    @Override
    public Integer call() throws Exception {
        validate();
        try (MetricsEndpoint metrics = MetricsEndpoint.start(metricsBind, metricsPort)) {
            TopicAdmin.createAndAwait(bootstrapServers, TopicLayout.newTopics(partitions, (short) replicationFactor),
                TOPIC_TIMEOUT);
            return kubernetes ? KubernetesInventory.watchUntilShutdown(bootstrapServers, out(), metrics.registry())
                : publishFile(new IngestMeters(metrics.registry(), Clock.systemUTC()));
        }
    }

    private int publishFile(IngestMeters meters) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            FileIngest.Counts counts = new FileIngest(bootstrapServers, meters)
                .publishInventory(file, warning -> err.println("warning: " + warning));
            err.flush();
            out().printf("published %d inventory intervals of %s (%d lines rejected)%n",
                counts.read() - counts.rejected(), file, counts.rejected());
            out().flush();
            return 0;
        } catch (IOException e) {
            err.println("error: cannot read inventory file " + file.toAbsolutePath() + ": " + e.getMessage());
            err.flush();
            return 1;
        } catch (RecordsNotWrittenException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw usage("Missing --bootstrap-servers: pass --bootstrap-servers HOST:PORT or set " + BOOTSTRAP_ENV);
        }
        for (String server : bootstrapServers.split(",")) {
            if (!server.trim().matches(".+:\\d{1,5}")) {
                throw usage("--bootstrap-servers: '" + server.trim() + "' is not HOST:PORT");
            }
        }
        if (file != null && kubernetes) {
            throw usage("--file and --kubernetes are mutually exclusive: pass only one of them");
        }
        if (file == null && !kubernetes) {
            throw usage("Missing source: pass --file FILE to publish a file, or --kubernetes to watch a cluster");
        }
        if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
            throw usage("--file: no readable file at " + file.toAbsolutePath());
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw usage("--metrics-port must be 0 (no endpoint) or 1-65535, got " + metricsPort);
        }
        if (partitions < 1) {
            throw usage("--partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw usage("--replication-factor must be between 1 and " + Short.MAX_VALUE + ", got " + replicationFactor);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
