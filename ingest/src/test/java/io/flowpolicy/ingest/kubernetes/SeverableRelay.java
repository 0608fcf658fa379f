package io.flowpolicy.ingest.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A loopback TCP relay whose connections a test can cut at the socket level, so the peer sees end-of-stream rather
 * than a protocol-level goodbye. It also tells whether every websocket has carried a given text from the server to
 * the client. {@link MockKubernetes} puts one between the client and the mock server; see there for why.
 */
final class SeverableRelay implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Downstream> downstreams = ConcurrentHashMap.newKeySet();
    private volatile String wanted;
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

    /** From now on, note on which connections the server sends {@code text} (one text at a time). */
    void watchFor(String text) {
        wanted = text;
    }

    /** Whether at least {@code count} websockets are open and every open one has carried the text to the client. */
    boolean websocketsDelivered(String text, int count) {
        List<Downstream> websockets = downstreams.stream().filter(Downstream::isWebsocket).toList();
        return websockets.size() >= count && websockets.stream().allMatch(d -> text.equals(d.seen));
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
                threads.execute(() -> pump(downstream, upstream, text -> { }));
                Downstream observed = new Downstream();
                downstreams.add(observed);
                threads.execute(() -> {
                    pump(upstream, downstream, observed::observe);
                    downstreams.remove(observed);
                });
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

    private void pump(Socket from, Socket to, Consumer<String> forwarded) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                // Latin-1 maps bytes to chars one to one, so ASCII text is found whatever the encoding of the rest.
                forwarded.accept(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // One side went away (or was severed): the other side must see that too, below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** What the server sent down one connection: whether it became a websocket, and the wanted text once seen. */
    private final class Downstream {
        private static final int TAIL = 256;

        private volatile Boolean websocket;
        private volatile String seen;
        private String tail = "";

        boolean isWebsocket() {
            return Boolean.TRUE.equals(websocket);
        }

        void observe(String chunk) {
            if (websocket == null) {
                websocket = chunk.startsWith("HTTP/1.1 101");
            }
            String text = tail + chunk;
            String current = wanted;
            if (current != null && text.contains(current)) {
                seen = current;
            }
            tail = text.substring(Math.max(0, text.length() - TAIL));
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
