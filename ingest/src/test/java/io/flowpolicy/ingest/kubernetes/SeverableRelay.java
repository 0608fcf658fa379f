package io.flowpolicy.ingest.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP relay whose connections a test can cut at the socket level, so the peer sees end-of-stream rather
 * than a protocol-level goodbye. {@link MockKubernetes} puts one between the client and the mock server; see there
 * for why.
 */
final class SeverableRelay implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "severable-relay");
        thread.setDaemon(true);
        return thread;
    });

    SeverableRelay(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
        threads.execute(this::acceptUntilSevered);
    }

    /** Where clients connect, e.g. {@code http://127.0.0.1:port}. */
    String url() {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** Stops accepting and closes both sides of every relayed connection; idempotent. */
    void sever() {
        closeQuietly(listener);
        sockets.forEach(SeverableRelay::closeQuietly);
    }

    @Override
    public void close() {
        sever();
        threads.shutdownNow();
    }

    private void acceptUntilSevered() {
        while (!listener.isClosed()) {
            try {
                Socket downstream = track(listener.accept());
                Socket upstream = track(new Socket(targetHost, targetPort));
                threads.execute(() -> pump(downstream, upstream));
                threads.execute(() -> pump(upstream, downstream));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    throw new UncheckedIOException("relay to " + targetHost + ":" + targetPort + " failed", e);
                }
            }
        }
    }

    private Socket track(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        if (listener.isClosed()) {
            closeQuietly(socket);
        }
        return socket;
    }

    private void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side went away (or was severed): the other side must see that too, below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing an already broken socket can fail; it is closed either way.
        }
    }
}
