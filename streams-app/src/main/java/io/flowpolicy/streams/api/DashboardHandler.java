package io.flowpolicy.streams.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard (plain HTML, JS and CSS bundled under {@code /dashboard/} in the jar) at {@code /}. Only the
 * listed files are served, so no request path reaches the class loader. The Content-Security-Policy allows scripts
 * from this origin only: even if data were ever rendered as markup, an injected inline script would not run.
 */
public final class DashboardHandler implements HttpHandler {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
        "/", "index.html",
        "/index.html", "index.html",
        "/dashboard/app.js", "app.js",
        "/dashboard/chart.js", "chart.js",
        "/dashboard/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8");

    private final Map<String, byte[]> contents;

    /** @throws UncheckedIOException when a bundled file is missing from the jar (a build error) */
    public DashboardHandler() {
        this.contents = Map.copyOf(FILES.values().stream().distinct()
            .collect(java.util.stream.Collectors.toMap(name -> name, DashboardHandler::load)));
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("dashboard file missing from the jar: " + name));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + name, e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String name = FILES.get(exchange.getRequestURI().getPath());
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "read-only\n".getBytes(StandardCharsets.UTF_8));
            } else if (name == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), contents.get(name));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", type);
        headers.add("Content-Security-Policy", CSP);
        headers.add("X-Content-Type-Options", "nosniff");
        headers.add("Referrer-Policy", "no-referrer");
        headers.add("Cache-Control", "no-cache");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
