package io.flowpolicy.streams.api;

import com.sun.net.httpserver.HttpExchange;
import io.flowpolicy.model.JsonSerde;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON responses of the API; the API is read-only, so anything but GET and HEAD is 405. */
final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    record Response(int status, byte[] body) {
    }

    @FunctionalInterface
    interface Handler {
        Response answer() throws Exception;
    }

    static void handle(HttpExchange exchange, Handler handler) throws IOException {
        Response response;
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            response = error(405, "the API is read-only");
        } else {
            try {
                response = handler.answer();
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().add("Retry-After", "2");
                response = unavailable("state stores are migrating, retry shortly");
            } catch (Exception e) {
                LOG.warn("API request {} failed", exchange.getRequestURI().getPath(), e);
                response = error(500, "internal error");
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(method);
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    static Response ok(Object value) throws IOException {
        return new Response(200, JsonSerde.MAPPER.writeValueAsBytes(value));
    }

    static Response notFound(String message) {
        return error(404, message);
    }

    static Response badRequest(String message) {
        return error(400, message);
    }

    static Response unavailable(String message) {
        return error(503, message);
    }

    private static Response error(int status, String message) {
        try {
            return new Response(status, JsonSerde.MAPPER.writeValueAsBytes(Map.of("error", message)));
        } catch (IOException e) {
            return new Response(status, message.getBytes(StandardCharsets.UTF_8));
        }
    }
}
