package io.flowpolicy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of a test server that can be switched off: while down, connections to its port are
 * refused and open ones are cut, as when a service is unreachable; {@link #up()} listens on the same port again.
 */
final class OutageProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    OutageProxy(URI target) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    synchronized void down() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    synchronized void up() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listen(again);
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread accept = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket(target.getAddress(), target.getPort());
                    open.add(client);
                    open.add(server);
                    pipe(client, server);
                    pipe(server, client);
                } catch (IOException e) {
                    // Closed by down() or close(), or the target refused: the client sees a cut connection.
                }
            }
        }, "outage-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread copy = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // Either side closed.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "outage-proxy-pipe");
        copy.setDaemon(true);
        copy.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
