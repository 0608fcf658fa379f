package io.flowpolicy.streams;

import io.flowpolicy.streams.api.ApiServer;
import io.flowpolicy.streams.api.BearerToken;
import io.flowpolicy.streams.api.DashboardHandler;
import io.flowpolicy.streams.errors.MalformedRecordHandler;
import io.flowpolicy.streams.metrics.ServiceMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running streams-app: the topology plus its HTTP port (API under {@code /api/}, dashboard at {@code /},
 * Prometheus metrics at {@code /metrics}), as one unit that starts and stops together.
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    /**
     * @param httpBind          the address and port the API binds to
     * @param advertisedHost    how other instances reach this one (its pod DNS name in a cluster)
     * @param apiToken          required on {@code /api/} requests; null for an open API
     * @param rocksDbMemoryBytes off-heap memory of all RocksDB stores together ({@link BoundedRocksDbMemory})
     */
    public record Settings(String bootstrapServers, String applicationId, Path stateDir, int threads,
                           InetSocketAddress httpBind, String advertisedHost, TopologySettings topology,
                           BearerToken apiToken, long rocksDbMemoryBytes) {

        /** Settings with the default RocksDB memory. */
        public Settings(String bootstrapServers, String applicationId, Path stateDir, int threads,
                        InetSocketAddress httpBind, String advertisedHost, TopologySettings topology,
                        BearerToken apiToken) {
            this(bootstrapServers, applicationId, stateDir, threads, httpBind, advertisedHost, topology, apiToken,
                BoundedRocksDbMemory.DEFAULT_TOTAL_BYTES);
        }

        /** Settings with an open API. */
        public Settings(String bootstrapServers, String applicationId, Path stateDir, int threads,
                        InetSocketAddress httpBind, String advertisedHost, TopologySettings topology) {
            this(bootstrapServers, applicationId, stateDir, threads, httpBind, advertisedHost, topology, null);
        }
    }

    private final KafkaStreams streams;
    private final ApiServer api;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stateFailure;
    private final AtomicInteger threadFailures = new AtomicInteger();
    private volatile Throwable lastThreadFailure;

    public StreamsService(Settings settings) throws IOException {
        // The advertised port must be the bound one; binding port 0 is resolved first so tests can run many instances.
        java.net.ServerSocket probe = null;
        int port = settings.httpBind().getPort();
        if (port == 0) {
            probe = new java.net.ServerSocket(0, 1, settings.httpBind().getAddress());
            port = probe.getLocalPort();
            probe.close();
        }
        HostInfo self = new HostInfo(settings.advertisedHost(), port);
        java.util.Properties props = StreamsConfigs.of(settings.bootstrapServers(), settings.applicationId(),
            settings.stateDir(), settings.threads(), self.host() + ":" + self.port());
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, settings.rocksDbMemoryBytes());
        props.put(MalformedRecordHandler.COUNTERS_CONFIG, metrics.counters());
        org.apache.kafka.streams.Topology topology = FlowTopology.build(settings.topology(), metrics.counters());
        TaskIdling.disableWhereUnneeded(topology, props);
        this.streams = new KafkaStreams(topology, props);
        metrics.bind(streams);
        this.api = new ApiServer(streams, settings.topology().readiness(),
            new InetSocketAddress(settings.httpBind().getAddress(), port), self, settings.apiToken());
        api.addContext("/metrics", metrics.handler());
        api.addContext("/", new DashboardHandler());
        streams.setUncaughtExceptionHandler(e -> {
            if (StateFailure.isStateFailure(e)) {
                // A store that cannot be opened or written fails again in every replacement thread: stop instead.
                stateFailure = StateFailure.message(settings.stateDir(), settings.applicationId(), e);
                LOG.error("{}", stateFailure);
                LOG.debug("state failure", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("stream thread failed; replacing it", e);
            lastThreadFailure = e;
            threadFailures.incrementAndGet();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
    }

    public void start() {
        api.start();
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ApiServer api() {
        return api;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /** Why the app stopped itself because its local state is unusable (with the fix), if it did. */
    public java.util.Optional<String> stateFailure() {
        return java.util.Optional.ofNullable(stateFailure);
    }

    /**
     * Why the app cannot finish its input, if it cannot: it stopped itself, or its stream threads failed
     * {@code maxThreadFailures} times (each replaced, each failing again, as on a record that cannot be written).
     * For a finite run, which would otherwise wait for progress that never comes.
     */
    public java.util.Optional<String> failure(int maxThreadFailures) {
        if (stateFailure != null) {
            return java.util.Optional.of(stateFailure);
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            return java.util.Optional.of("the Streams app stopped (" + state + ")");
        }
        int failures = threadFailures.get();
        Throwable last = lastThreadFailure;
        if (failures >= maxThreadFailures && last != null) {
            Throwable cause = last;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return java.util.Optional.of("the Streams app's stream threads failed " + failures
                + (failures == 1 ? " time" : " times") + "; the last failure: " + cause.getClass().getSimpleName()
                + ": " + cause.getMessage());
        }
        return java.util.Optional.empty();
    }

    /** Blocks until the app stops by itself (fatal error) or is closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits until the app is RUNNING. @throws IllegalStateException when not within the timeout */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams app not RUNNING within " + timeout + ": " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Override
    public void close() {
        api.close();
        // Leave the group at once: otherwise the partitions wait for the session timeout before moving elsewhere.
        streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
        stopped.countDown();
    }
}
