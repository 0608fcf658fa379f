package io.flowpolicy.local;

import com.sun.net.httpserver.HttpServer;
import io.flowpolicy.streams.metrics.PrometheusEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's Prometheus registry ({@link PrometheusEndpoint}: JVM metrics bound), served as {@code GET /metrics} by a
 * JDK HTTP server. With port 0 the registry still exists (the command counts as usual) but nothing listens.
 */
final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final PrometheusEndpoint endpoint = new PrometheusEndpoint();
    private final HttpServer server;

    private MetricsEndpoint(String bind, int port) throws IOException {
        if (port == 0) {
            server = null;
            return;
        }
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/metrics", endpoint.handler());
        server.start();
        LOG.info("metrics at http://{}:{}/metrics", bind, server.getAddress().getPort());
    }

    /**
     * Starts serving on {@code bind:port}; port 0 serves nothing.
     *
     * @throws UncheckedIOException the port is taken or the address is not local
     */
    static MetricsEndpoint start(String bind, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--metrics-port must be 0 (off) or 1-65535, got " + port);
        }
        try {
            return new MetricsEndpoint(bind, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + bind + ":" + port + " (--metrics-bind, "
                + "--metrics-port): " + e.getMessage(), e);
        }
    }

    PrometheusMeterRegistry registry() {
        return endpoint.registry();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        endpoint.close();
    }
}
