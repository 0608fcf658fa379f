package io.flowpolicy.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CRUD-mode Kubernetes mock server over plain HTTP and a client for it, torn down in an order that cannot stall.
 *
 * <p>Why not {@code @EnableKubernetesMockClient}: in fabric8 8.0.0 a watch websocket that is closed <em>with a
 * close handshake</em>, from either side, can deadlock the mock server's event loop. The close frame makes the
 * server's {@code WatchEventsListener} queue a close on its executor and then, still on the event loop, wait up to
 * a minute for that executor to finish, while the executor waits for the event loop to close the websocket. The
 * server's shutdown then exceeds its 10 s limit and fails with "Unable to close MockWebServer" (about one run in
 * three on a loaded 2-core machine; the blocked-thread checker shows {@code WatchEventsListener.onClosed} in
 * {@code awaitTermination}).
 *
 * <p>A connection that simply ends is not enough on its own: the listener then waits for its executor in
 * {@code onFailure} instead, and that executor may still be sending watch events, which needs the event loop. (A new
 * watch is sent an ADDED event for every existing object, so a test that ends right after start-up usually has
 * sends in flight.) So teardown goes:
 * <ol>
 *   <li>{@link #awaitWatchesDelivered}: create one marker object of each watched kind and wait until every watch
 *       websocket has carried its marker to the client. Each listener sends in order on one thread, so everything
 *       queued before has been sent, and the markers themselves own no IP, so they publish nothing;</li>
 *   <li>{@link #disconnect()}: the client reaches the server through a {@link SeverableRelay}, which now cuts every
 *       connection at the TCP level; the server closes each websocket without a handshake, with idle executors;</li>
 *   <li>the caller stops its informers (their goodbyes go nowhere);</li>
 *   <li>{@link #close()}: closes the client, waits for its Vert.x instance (which {@code KubernetesClient.close()}
 *       only starts closing) and stops the server, which finds no open websocket.</li>
 * </ol>
 */
final class MockKubernetes implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String MARKER_NAMESPACE = "flowpolicy-test-markers";

    private final AtomicInteger markers = new AtomicInteger();

    private final KubernetesMockServer server;
    private final SeverableRelay relay;
    private final Vertx clientVertx = Vertx.vertx();
    private final KubernetesClient client;

    MockKubernetes() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
        server.init();
        relay = new SeverableRelay(server.getHostName(), server.getPort());
        client = server.createClient(builder -> builder
            .withHttpClientFactory(new Vertx5HttpClientFactory(clientVertx))
            .editOrNewConfig().withMasterUrl(relay.url()).endConfig());
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * Waits until each of at least {@code watches} open watch websockets has delivered everything the server queued
     * on it, by sending one marker object of each kind {@link KubernetesInventoryWatcher} watches through them.
     *
     * @throws IllegalStateException when that does not happen within the deadline
     */
    void awaitWatchesDelivered(int watches) {
        String marker = "flowpolicy-quiesce-" + markers.incrementAndGet();
        relay.watchFor(marker);
        ObjectMeta meta = new ObjectMetaBuilder().withNamespace(MARKER_NAMESPACE).withName(marker)
            .withLabels(Map.of(ServiceBackends.SERVICE_NAME_LABEL, marker)).build();
        client.resource(new PodBuilder().withMetadata(meta).withNewStatus().withPhase("Pending").endStatus().build())
            .create();
        client.resource(new ServiceBuilder().withMetadata(meta).withNewSpec().withClusterIP("None").endSpec().build())
            .create();
        client.resource(new EndpointSliceBuilder().withMetadata(meta).withAddressType("IPv4").build()).create();
        client.resource(new ReplicaSetBuilder().withMetadata(meta).build()).create();
        client.resource(new JobBuilder().withMetadata(meta).build()).create();
        client.resource(new NodeBuilder().withNewMetadata().withName(marker).endMetadata().build()).create();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!relay.websocketsDelivered(marker, watches)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("watch websockets did not deliver marker " + marker + " within "
                    + DEADLINE);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for watch events", e);
            }
        }
    }

    /**
     * Cuts the client off from the server without a websocket close handshake; call after
     * {@link #awaitWatchesDelivered} and before stopping informers.
     */
    void disconnect() {
        relay.sever();
    }

    /**
     * Disconnects (if not yet done), closes the client, waits until its Vert.x instance has stopped, then stops the
     * server.
     *
     * @throws IllegalStateException when the client has not stopped within the deadline (the server is stopped
     *                               anyway), or when the server does not stop
     */
    @Override
    public void close() {
        try {
            relay.close();
            client.close();
            awaitClientStopped();
        } finally {
            server.destroy();
        }
    }

    private void awaitClientStopped() {
        try {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("client Vert.x not closed within " + DEADLINE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the client", e);
        }
    }
}
