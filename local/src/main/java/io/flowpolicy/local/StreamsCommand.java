package io.flowpolicy.local;

import io.flowpolicy.kafka.TopicAdmin;
import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.streams.BoundedRocksDbMemory;
import io.flowpolicy.streams.StateFailure;
import io.flowpolicy.streams.StreamsConfigs;
import io.flowpolicy.streams.StreamsService;
import io.flowpolicy.streams.TopologySettings;
import io.flowpolicy.streams.api.BearerToken;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.state.ReadinessRules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy streams}: the streams-app as a long-running service against a Kafka cluster, with its API,
 * dashboard and /metrics on one HTTP port. Creates missing topics, then runs until SIGINT/SIGTERM or a fatal error.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the Kafka Streams app (state, candidate policies) with its API, dashboard and /metrics.")
final class StreamsCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsCommand.class);
    static final String BOOTSTRAP_ENV = "FLOWPOLICY_BOOTSTRAP_SERVERS";

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:" + BOOTSTRAP_ENV + "}", paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers. Default: $" + BOOTSTRAP_ENV + ".")
    String bootstrapServers;

    @Option(names = "--application-id", defaultValue = StreamsConfigs.DEFAULT_APPLICATION_ID,
        description = "Kafka Streams application id (consumer group, internal topic prefix). Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "./state", paramLabel = "DIR",
        description = "RocksDB state; keep it on a persistent volume for fast restarts. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--stream-threads", defaultValue = "2", description = "Stream threads. Default: ${DEFAULT-VALUE}.")
    int streamThreads;

    @Option(names = "--partitions", defaultValue = "4",
        description = "Partitions of topics this command creates when missing. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
        description = "Replication factor of topics this command creates when missing (3 in production). "
            + "Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--http-bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
        description = "Address the HTTP port (API, dashboard, /metrics) binds to. Default: ${DEFAULT-VALUE}.")
    String httpBind;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--advertised-host", paramLabel = "HOST",
        description = "How other instances reach this one (pod DNS name). Default: this host's name.")
    String advertisedHost;

    @Option(names = "--api-token-file", paramLabel = "FILE",
        description = "When set, /api/* requires 'Authorization: Bearer <first line of FILE>'.")
    Path apiTokenFile;

    @Option(names = "--tier-d-external", defaultValue = "50",
        description = "More external peers than this: tier D. Default: ${DEFAULT-VALUE}.")
    int tierDExternal;

    @Option(names = "--tier-c-external", defaultValue = "3",
        description = "More external peers than this: tier C. Default: ${DEFAULT-VALUE}.")
    int tierCExternal;

    @Option(names = "--tier-c-in-cluster", defaultValue = "5",
        description = "More in-cluster peers than this: tier C. Default: ${DEFAULT-VALUE}.")
    int tierCInCluster;

    @Option(names = "--horizon-days", defaultValue = "7",
        description = "A namespace is learning until observed over this many days. Default: ${DEFAULT-VALUE}.")
    int horizonDays;

    @Option(names = "--stabilizing-days", defaultValue = "3",
        description = "Stabilizing while a new peer appeared within this many days. Default: ${DEFAULT-VALUE}.")
    int stabilizingDays;

    @Option(names = "--learning-days", defaultValue = "1",
        description = "Sightings in a namespace's first this-many days are learning events. Default: ${DEFAULT-VALUE}.")
    int learningDays;

    @Option(names = "--zone", defaultValue = "UTC",
        description = "Time zone whose days are counted (IANA id). Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--retention-days", defaultValue = "30",
        description = "Days of daily counts kept; rules unseen this long are stale. Default: ${DEFAULT-VALUE}.")
    int retentionDays;

    @Option(names = "--rocksdb-memory-mib", defaultValue = "" + (BoundedRocksDbMemory.DEFAULT_TOTAL_BYTES >> 20),
        paramLabel = "MIB",
        description = "Off-heap memory of all RocksDB stores together (block cache, index and filter blocks, "
            + "memtables); keep heap + this + about 300 MiB under the container's limit. Default: ${DEFAULT-VALUE}.")
    int rocksDbMemoryMib;

    @Mixin
    LinePrefixOption linePrefix;

    @Option(names = "--node-labels", defaultValue = "host,node,instance,hostname", split = ",",
        description = "Stream labels naming the node, tried in order. Default: ${DEFAULT-VALUE}.")
    List<String> nodeLabels;

    @Mixin
    DnsNamingOptions dns;

    @Override
    public Integer call() throws Exception {
        StreamsService.Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        checkStateDirWritable();
        LOG.info("streams: {}", settings);
        TopicAdmin.createAndAwait(settings.bootstrapServers(), TopicLayout.newTopics(partitions, replicationFactor),
            Duration.ofSeconds(60));
        try (StreamsService service = new StreamsService(settings)) {
            AtomicBoolean shutdownRequested = new AtomicBoolean();
            CountDownLatch closed = new CountDownLatch(1);
            try (ShutdownHook hook = ShutdownHook.install("flowpolicy-streams-shutdown", () -> {
                shutdownRequested.set(true);
                service.close();
                awaitQuietly(closed);
            })) {
                if (!started(service)) {
                    return 1;
                }
                spec.commandLine().getOut().printf("streams-app running; dashboard, API and /metrics on %s:%d%n",
                    httpBind, service.api().port());
                spec.commandLine().getOut().flush();
                service.awaitStop();
            } finally {
                closed.countDown();
            }
            service.stateFailure().ifPresent(this::printFailure);
            boolean failed = !shutdownRequested.get()
                && (service.streams().state() == KafkaStreams.State.ERROR || service.stateFailure().isPresent());
            return failed ? 1 : 0;
        }
    }

    /**
     * Starts the service. Kafka Streams opens the stores it finds in the state directory while starting, so a
     * corrupt store fails here, in this thread, rather than in a stream thread.
     *
     * @return false, after printing what to do, when the local state is unusable
     */
    private boolean started(StreamsService service) {
        try {
            service.start();
            return true;
        } catch (RuntimeException e) {
            if (!StateFailure.isStateFailure(e)) {
                throw e;
            }
            LOG.debug("state failure at start", e);
            printFailure(StateFailure.message(stateDir, applicationId, e));
            return false;
        }
    }

    private void printFailure(String message) {
        spec.commandLine().getErr().println("flowpolicy streams: " + message);
        spec.commandLine().getErr().flush();
    }

    /** The service settings from the options. @throws IllegalArgumentException naming the option and the fix */
    StreamsService.Settings settings() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is missing: pass it or set " + BOOTSTRAP_ENV);
        }
        atLeast("--stream-threads", streamThreads, 1);
        atLeast("--partitions", partitions, 1);
        atLeast("--replication-factor", replicationFactor, 1);
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + httpPort);
        }
        atLeast("--tier-d-external", tierDExternal, 0);
        atLeast("--tier-c-external", tierCExternal, 0);
        atLeast("--tier-c-in-cluster", tierCInCluster, 0);
        atLeast("--horizon-days", horizonDays, 1);
        atLeast("--stabilizing-days", stabilizingDays, 0);
        atLeast("--learning-days", learningDays, 0);
        atLeast("--retention-days", retentionDays, 1);
        atLeast("--rocksdb-memory-mib", rocksDbMemoryMib, (int) (BoundedRocksDbMemory.MIN_TOTAL_BYTES >> 20));
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException("--application-id must not be empty");
        }
        ReadinessRules readiness = new ReadinessRules(tierDExternal, tierCExternal, tierCInCluster, horizonDays,
            stabilizingDays, learningDays, zone());
        TopologySettings topology = new TopologySettings(linePrefix.validated(),
            CalicoLineParser.DEFAULT_MAX_LINE_LENGTH, List.copyOf(nodeLabels), readiness,
            Duration.ofDays(retentionDays), TopologySettings.DEFAULT_COMBINE_INTERVAL).withDns(dns.settings());
        return new StreamsService.Settings(bootstrapServers, applicationId, stateDir(), streamThreads,
            new InetSocketAddress(bindAddress(), httpPort), advertisedHost(), topology,
            apiTokenFile == null ? null : BearerToken.fromFile(apiTokenFile), (long) rocksDbMemoryMib << 20);
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone: unknown time zone '" + zone
                + "'; use an IANA zone id such as UTC or Europe/Berlin", e);
        }
    }

    private InetAddress bindAddress() {
        try {
            return InetAddress.getByName(httpBind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http-bind: cannot resolve '" + httpBind
                + "'; use an address such as 0.0.0.0 or 127.0.0.1", e);
        }
    }

    private Path stateDir() {
        if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
            throw new IllegalArgumentException("--state-dir: " + stateDir.toAbsolutePath() + " is not a directory");
        }
        return stateDir;
    }

    /**
     * Found here, an unwritable or full state volume is one clear line; found by RocksDB later, it is a failing
     * stream thread. Not part of {@link #settings()}, which must not touch the file system.
     */
    private void checkStateDirWritable() {
        try {
            Files.createDirectories(stateDir);
            Files.delete(Files.createTempFile(stateDir, ".write-probe", ".tmp"));
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--state-dir: cannot write to "
                + stateDir.toAbsolutePath() + " (" + e + "); free disk space, fix the permissions or point "
                + "--state-dir at a writable volume", e);
        }
    }

    private String advertisedHost() {
        if (advertisedHost != null && !advertisedHost.isBlank()) {
            return advertisedHost;
        }
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--advertised-host: this host's name is unknown; pass it", e);
        }
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
