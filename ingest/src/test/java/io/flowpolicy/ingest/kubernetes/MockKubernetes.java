package io.flowpolicy.ingest.kubernetes;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>So the client reaches the server through a {@link SeverableRelay}. {@link #disconnect()} cuts every connection
 * at the TCP level first: the server sees end-of-stream, closes each websocket without a handshake, and its
 * executors have nothing queued. Only then may the caller stop informers (their goodbyes now go nowhere), and
 * {@link #close()} closes the client, waits for its Vert.x instance (which {@code KubernetesClient.close()} only
 * starts closing) and stops the server, which finds no open websocket.
 */
final class MockKubernetes implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

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

    /** Cuts the client off from the server without a websocket close handshake; call before stopping informers. */
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
