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
 * <p>Why not {@code @EnableKubernetesMockClient}: its teardown shuts the server down while the client's watch
 * websockets may still be open ({@code KubernetesClient.close()} only <em>starts</em> closing its Vert.x instance).
 * The server then sends each websocket a close frame and waits up to Vert.x's 10 s closing timeout for an answer
 * that a half-closed client never sends, while {@code MockWebServer.shutdown} gives up after the same 10 s: on a
 * loaded machine the test fails with "Unable to close MockWebServer". Here the client runs on a Vert.x instance we
 * own, so {@link #close()} can wait until it has really stopped, which closes every client socket, and only then
 * stop the server: a websocket whose peer has closed its socket closes at once instead of waiting for an answer.
 * (The server's connection-closed listener is no help here: it never fires for connections upgraded to websockets.)
 */
final class MockKubernetes implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final KubernetesMockServer server;
    private final Vertx clientVertx = Vertx.vertx();
    private final KubernetesClient client;

    MockKubernetes() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient(builder -> builder.withHttpClientFactory(new Vertx5HttpClientFactory(clientVertx)));
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * Closes the client, waits until its Vert.x instance has stopped, then stops the server.
     *
     * @throws IllegalStateException when the client has not stopped within the deadline (the server is stopped
     *                               anyway), or the server does not stop
     */
    @Override
    public void close() {
        try {
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
