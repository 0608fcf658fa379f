package io.flowpolicy.streams.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The shared secret that {@code /api/*} requires as {@code Authorization: Bearer <token>} when configured. Every
 * instance of the app reads the same token, and forwards it when it routes a query to another instance.
 */
public final class BearerToken {
    private final byte[] token;

    private BearerToken(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the API token is empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static BearerToken of(String token) {
        return new BearerToken(token);
    }

    /**
     * Reads the token from the file's first line (a mounted Kubernetes Secret ends it with a newline or not).
     *
     * @throws IllegalArgumentException when the file is unreadable or holds no token
     */
    public static BearerToken fromFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            return new BearerToken(newline < 0 ? text : text.substring(0, newline).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the API token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The header value to send to another instance. */
    String authorization() {
        return "Bearer " + new String(token, StandardCharsets.UTF_8);
    }

    boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so response timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(token, given);
    }

    /** Wraps {@code handler} so that a request without the token is answered 401 and never reaches it. */
    HttpHandler guard(HttpHandler handler) {
        return exchange -> {
            if (accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                handler.handle(exchange);
            } else {
                refuse(exchange);
            }
        };
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        byte[] body = "{\"error\":\"missing or wrong bearer token\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"flowpolicy\"");
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    @Override
    public String toString() {
        return "BearerToken[****]";
    }
}
