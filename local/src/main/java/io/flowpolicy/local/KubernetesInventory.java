package io.flowpolicy.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.flowpolicy.ingest.kubernetes.KubernetesInventoryWatcher;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code inventory --kubernetes} run: a cluster watcher publishing to Kafka, stopped by a stop signal. */
final class KubernetesInventory {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesInventory.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private KubernetesInventory() {
    }

    /**
     * Watches the cluster that fabric8 finds (kubeconfig, or the in-cluster service account) until the JVM is asked
     * to stop (SIGTERM, Ctrl-C), then closes cleanly: the shutdown hook holds the JVM until buffered records are
     * sent.
     */
    static int watchUntilShutdown(String bootstrapServers, PrintWriter out, MeterRegistry registry)
        throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (ShutdownHook hook = ShutdownHook.install("flowpolicy-inventory-shutdown", () -> {
                stop.countDown();
                try {
                    if (!closed.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.warn("inventory watcher not closed within {}; exiting anyway", SHUTDOWN_GRACE);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
             KubernetesClient client = new KubernetesClientBuilder().build()) {
            return watch(client, bootstrapServers, stop, out, registry);
        } finally {
            closed.countDown();
        }
    }

    /**
     * Publishes the cluster's inventory until {@code stop} opens; then stops the informers and waits for the
     * records already handed to the producer. Does not close {@code client}.
     *
     * @throws IllegalStateException when the initial lists are not received within the sync timeout
     */
    static int watch(KubernetesClient client, String bootstrapServers, CountDownLatch stop, PrintWriter out)
        throws InterruptedException {
        return watch(client, bootstrapServers, stop, out, new SimpleMeterRegistry());
    }

    /** As {@link #watch(KubernetesClient, String, CountDownLatch, PrintWriter)}, counting on {@code registry}. */
    static int watch(KubernetesClient client, String bootstrapServers, CountDownLatch stop, PrintWriter out,
                     MeterRegistry registry) throws InterruptedException {
        // Closed in reverse order: the watcher stops publishing before the publisher flushes and closes.
        try (InventoryPublisher publisher = new InventoryPublisher(bootstrapServers, registry);
             KubernetesInventoryWatcher watcher = new KubernetesInventoryWatcher(client, publisher, Clock.systemUTC())) {
            watcher.start(SYNC_TIMEOUT);
            out.printf("watching Kubernetes at %s, publishing to %s; stop with SIGTERM or Ctrl-C%n",
                client.getMasterUrl(), bootstrapServers);
            out.flush();
            stop.await();
        }
        out.println("inventory watcher stopped");
        out.flush();
        return 0;
    }
}
