package io.flowpolicy.local.generate;

import io.flowpolicy.ingest.loki.LokiClientConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts JSON push bodies to Loki's {@code /loki/api/v1/push}, retrying 429 and 5xx (rate limits, a busy
 * ingester) with exponential backoff; any other failure status is final, since resending the same body cannot
 * fix it (e.g. 400 for samples older than {@code reject_old_samples_max_age}).
 */
final class LokiPushClient {
    static final String PUSH_PATH = "/loki/api/v1/push";
    static final int MAX_ATTEMPTS = 8;

    private final HttpClient http;
    private final URI pushUri;
    private final String tenant;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    LokiPushClient(URI lokiUrl, String tenant, Duration firstBackoff, Duration maxBackoff) {
        this.pushUri = URI.create(LokiClientConfig.baseUrlOf(lokiUrl) + PUSH_PATH);
        this.tenant = tenant;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        // As the reader does: plain HTTP/1.1, no h2c upgrade headers for a gateway to trip over.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static LokiPushClient create(URI lokiUrl, String tenant) {
        return new LokiPushClient(lokiUrl, tenant, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /**
     * Pushes one body; blocks until Loki accepted it.
     *
     * @throws IOException when Loki refuses it for good, or still fails after {@value #MAX_ATTEMPTS} attempts
     */
    void push(byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(pushUri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tenant != null && !tenant.isBlank()) {
            request.header("X-Scope-OrgID", tenant);
        }
        Duration backoff = firstBackoff;
        String last = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                last = "HTTP " + status + ": " + response.body().strip();
                if (status != 429 && status < 500) {
                    throw new IOException("Loki refused the push to " + pushUri + ": " + last);
                }
            } catch (java.net.ConnectException e) {
                last = "connection refused: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pushing to " + pushUri, e);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
        throw new IOException("push to " + pushUri + " failed " + MAX_ATTEMPTS + " times, last: " + last);
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during push backoff", e);
        }
    }
}
