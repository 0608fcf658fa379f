package io.flowpolicy.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one), running inside this JVM on 127.0.0.1.
 * Used by the one-shot commands ({@code flowpolicy analyze}, {@code demo}) and by the tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private KafkaRaftServer server;
    private String bootstrapServers;
    /** Kept after {@link #stop()} so {@link #restart()} binds the same ports and reuses the same log dir. */
    private Properties lastProps;

    /** @param dataDir where the broker keeps its log segments; created when missing */
    public EmbeddedKafkaBroker(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Formats the storage and starts the broker; blocks until it answers a metadata request.
     *
     * @throws IllegalStateException when the broker cannot start
     */
    public synchronized EmbeddedKafkaBroker start() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                startOnce();
                return this;
            } catch (RuntimeException e) {
                // Free-port probing has a small race; another process may take the port before the broker binds it.
                last = e;
                LOG.warn("embedded Kafka start attempt {} failed", attempt, e);
                stopQuietly();
            }
        }
        throw new IllegalStateException("embedded Kafka broker did not start in " + dataDir, last);
    }

    private void startOnce() {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kafka-logs-" + brokerPort);
        Properties props = serverProperties(brokerPort, controllerPort, logDir);
        format(props, logDir);
        run(props, brokerPort);
    }

    private void run(Properties props, int brokerPort) {
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        lastProps = props;
        awaitReady();
        LOG.info("embedded Kafka broker ready at {} (data in {})", bootstrapServers, props.get("log.dirs"));
    }

    /**
     * Stops the broker but keeps its ports and log dir, so that {@link #restart()} brings the same cluster back at
     * the same address; clients see an outage, not a new broker. Blocks until the broker is down.
     */
    public synchronized void stop() {
        if (server == null) {
            throw new IllegalStateException("broker not running");
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("embedded Kafka broker at {} stopped (ports and data kept)", bootstrapServers);
    }

    /**
     * Starts a broker stopped with {@link #stop()} on the same ports and log dir, without formatting: topics,
     * committed offsets and transaction state survive. Retries while the old sockets are still in TIME_WAIT.
     *
     * @throws IllegalStateException when the broker cannot start within a minute
     */
    public synchronized void restart() {
        if (server != null || lastProps == null) {
            throw new IllegalStateException("restart() needs a broker that was started and then stopped");
        }
        int brokerPort = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                run(lastProps, brokerPort);
                return;
            } catch (RuntimeException e) {
                shutdownServer();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker did not restart at " + bootstrapServers, e);
                }
                LOG.warn("embedded Kafka restart at {} failed; retrying", bootstrapServers, e);
                sleepQuietly(500);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the broker", e);
        }
    }

    private static Properties serverProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        for (String internal : new String[] {"offsets.topic", "transaction.state.log", "share.coordinator.state.topic"}) {
            p.put(internal + ".replication.factor", "1");
        }
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    private static void format(Properties props, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded flowpolicy broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed (" + rc + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka log dir " + logDir, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka broker did not answer at " + bootstrapServers, e);
        }
    }

    /** The broker's address; unchanged by {@link #stop()} and {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started");
        }
        return bootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    private void stopQuietly() {
        shutdownServer();
        bootstrapServers = null;
    }

    private void shutdownServer() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("embedded Kafka broker did not stop cleanly", e);
            }
            server = null;
        }
    }

    /** Stops the broker and waits for it; the data directory is left for the caller to remove. */
    @Override
    public synchronized void close() {
        stopQuietly();
    }


}
