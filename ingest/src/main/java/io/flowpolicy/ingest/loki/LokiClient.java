package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thin {@code GET /loki/api/v1/query_range} client on {@link HttpClient}, always
 * {@code direction=forward}, which also lists streams ({@code GET /loki/api/v1/series}).
 *
 * <p>HTTPS uses the JVM trust store. Thread-safe; one instance serves parallel window reads.
 * Every failure becomes a {@link LokiQueryException} classified as retryable (429, 5xx,
 * timeouts, refused or reset connections) or not (400, 401 and other 4xx, with a hint).
 */
public final class LokiClient implements LokiQuerier {

    private static final String QUERY_RANGE = "/loki/api/v1/query_range";
    private static final String SERIES = "/loki/api/v1/series";

    private final LokiClientConfig config;
    private final HttpClient http;

    public LokiClient(LokiClientConfig config) {
        this(config, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build());
    }

    /** For tests and callers that share one {@link HttpClient} (e.g. a custom SSL context). */
    public LokiClient(LokiClientConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public List<RawLine> queryRange(String query, long startNanos, long endNanos, int limit)
            throws LokiQueryException, InterruptedException {
        return answer(request(query, startNanos, endNanos, limit), "query_range", LokiResponseParser::parseStreams);
    }

    @Override
    public List<Map<String, String>> series(String selector, long startNanos, long endNanos)
            throws LokiQueryException, InterruptedException {
        return answer(get(SERIES + "?match%5B%5D=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
            + range(startNanos, endNanos)), "series", LokiResponseParser::parseSeries);
    }

    /** Parses a successful response's body. */
    @FunctionalInterface
    private interface BodyParser<T> {
        T parse(byte[] body) throws IOException, LokiQueryException;
    }

    private <T> T answer(HttpRequest request, String what, BodyParser<T> parser)
            throws LokiQueryException, InterruptedException {
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != 200) {
            throw LokiErrors.forStatus(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        try {
            return parser.parse(response.body());
        } catch (IOException | RuntimeException e) {
            throw LokiErrors.badResponse("unreadable " + what + " response: " + e.getMessage(), e);
        }
    }

    HttpRequest request(String query, long startNanos, long endNanos, int limit) {
        return get(QUERY_RANGE + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + range(startNanos, endNanos)
                + "&limit=" + limit
                + "&direction=forward");
    }

    private static String range(long startNanos, long endNanos) {
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalArgumentException("bad range: [" + startNanos + ", " + endNanos + ")");
        }
        return "&start=" + nanos19(startNanos) + "&end=" + nanos19(endNanos);
    }

    private HttpRequest get(String pathAndQuery) {
        URI uri = URI.create(config.baseUrl() + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .GET();
        if (config.tenant() != null) {
            b.header("X-Scope-OrgID", config.tenant());
        }
        if (config.authorizationHeader() != null) {
            b.header("Authorization", config.authorizationHeader());
        }
        return b.build();
    }

    /**
     * Sends the request and waits for the whole body, at most {@code --request-timeout}: the request's own timeout
     * only bounds the wait for the response headers, so a body that stalls after them (a dead proxy, a half-open
     * connection) would block the read for as long as the connection stays open.
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws LokiQueryException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request,
            HttpResponse.BodyHandlers.ofByteArray());
        try {
            return response.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw LokiErrors.transport("timeout", "no complete response within --request-timeout "
                + config.requestTimeout() + " from " + config.baseUrl(), e);
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
    }

    /** A failed request as a {@link LokiQueryException}; what is not I/O goes on as it is. */
    private LokiQueryException failed(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return LokiErrors.transport("connect", "connect timeout to " + config.baseUrl(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return LokiErrors.transport("timeout",
                    "no response within --request-timeout " + config.requestTimeout() + " from " + config.baseUrl(),
                    cause);
        }
        if (cause instanceof ConnectException) {
            return LokiErrors.transport("connect", "cannot connect to " + config.baseUrl(), cause);
        }
        if (cause instanceof IOException) {
            return LokiErrors.transport("io", "I/O error talking to " + config.baseUrl() + ": " + cause, cause);
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("Loki request failed", cause);
    }

    /**
     * Zero-padded to 19 digits because Loki reads integers of at most 10 digits as seconds, which
     * would silently shift small test timestamps by a factor of 10^9.
     */
    static String nanos19(long nanos) {
        String s = Long.toString(nanos);
        return s.length() >= 19 ? s : "0".repeat(19 - s.length()) + s;
    }

    @Override
    public String toString() {
        return "LokiClient{" + config + '}';
    }
}
