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

/**
 * A thin {@code GET /loki/api/v1/query_range} client on {@link HttpClient}, always
 * {@code direction=forward}.
 *
 * <p>HTTPS uses the JVM trust store. Thread-safe; one instance serves parallel window reads.
 * Every failure becomes a {@link LokiQueryException} classified as retryable (429, 5xx,
 * timeouts, refused or reset connections) or not (400, 401 and other 4xx, with a hint).
 */
public final class LokiClient implements LokiQuerier {

    private static final String QUERY_RANGE = "/loki/api/v1/query_range";

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
        HttpResponse<byte[]> response = send(request(query, startNanos, endNanos, limit));
        if (response.statusCode() != 200) {
            throw LokiErrors.forStatus(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        try {
            return LokiResponseParser.parseStreams(response.body());
        } catch (IOException | RuntimeException e) {
            throw LokiErrors.badResponse("unreadable query_range response: " + e.getMessage(), e);
        }
    }

    HttpRequest request(String query, long startNanos, long endNanos, int limit) {
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalArgumentException("bad range: [" + startNanos + ", " + endNanos + ")");
        }
        URI uri = URI.create(config.baseUrl() + QUERY_RANGE
                + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + nanos19(startNanos)
                + "&end=" + nanos19(endNanos)
                + "&limit=" + limit
                + "&direction=forward");
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

    private HttpResponse<byte[]> send(HttpRequest request) throws LokiQueryException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw LokiErrors.transport("connect", "connect timeout to " + config.baseUrl(), e);
        } catch (HttpTimeoutException e) {
            throw LokiErrors.transport("timeout",
                    "no response within --request-timeout " + config.requestTimeout() + " from " + config.baseUrl(), e);
        } catch (ConnectException e) {
            throw LokiErrors.transport("connect", "cannot connect to " + config.baseUrl(), e);
        } catch (IOException e) {
            throw LokiErrors.transport("io", "I/O error talking to " + config.baseUrl() + ": " + e, e);
        }
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
