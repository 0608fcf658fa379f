package io.flowpolicy.ingest.loki;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Where and how {@link LokiClient} talks to Loki: base URL, tenant, credentials and timeouts.
 *
 * <p>Credentials are either Basic (user + password) or a Bearer token, never both. They are held
 * only to build the {@code Authorization} header; {@link #toString()} masks them.
 */
public final class LokiClientConfig {

    private final URI baseUrl;
    private final String tenant;
    private final String authorization;
    private final String authKind;
    private final Duration requestTimeout;
    private final Duration connectTimeout;

    private LokiClientConfig(Builder b) {
        this.baseUrl = b.baseUrl;
        this.tenant = b.tenant;
        this.authorization = b.authorization;
        this.authKind = b.authKind;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
    }

    /** Starts a config for a Loki base URL such as {@code https://loki.example:3100}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The {@code X-Scope-OrgID} value, or null. */
    public String tenant() {
        return tenant;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The {@code Authorization} header value, or null; package-private so it cannot leak via the API. */
    String authorizationHeader() {
        return authorization;
    }

    @Override
    public String toString() {
        return "LokiClientConfig{baseUrl=" + baseUrl + ", tenant=" + tenant + ", auth=" + authKind
                + ", requestTimeout=" + requestTimeout + ", connectTimeout=" + connectTimeout + '}';
    }

    /** Builder; validation happens in the setters so the failing option is named. */
    public static final class Builder {
        private final URI baseUrl;
        private String tenant;
        private String authorization;
        private String authKind = "none";
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "--loki-url");
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("--loki-url must be http or https: " + baseUrl);
            }
            if (baseUrl.getRawUserInfo() != null) {
                // Not echoing the URL: the user info may hold a password.
                throw new IllegalArgumentException(
                        "--loki-url must not contain user info; use --basic-auth-user and --basic-auth-password-file instead");
            }
            String s = baseUrl.toString();
            this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        }

        public Builder tenant(String tenant) {
            if (tenant != null && (tenant.isBlank() || tenant.contains(":") || tenant.length() > 150)) {
                throw new IllegalArgumentException("--tenant must be 1-150 characters without ':': " + tenant);
            }
            this.tenant = tenant;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            requireNoAuthYet();
            Objects.requireNonNull(user, "--basic-auth-user");
            Objects.requireNonNull(password, "--basic-auth-password-file");
            String pair = user + ":" + password;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            this.authKind = "basic(user=" + user + ", password=****)";
            return this;
        }

        public Builder bearerToken(String token) {
            requireNoAuthYet();
            Objects.requireNonNull(token, "--bearer-token-file");
            this.authorization = "Bearer " + token;
            this.authKind = "bearer(****)";
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "--request-timeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "--connect-timeout");
            return this;
        }

        public LokiClientConfig build() {
            return new LokiClientConfig(this);
        }

        private void requireNoAuthYet() {
            if (authorization != null) {
                throw new IllegalArgumentException(
                        "--basic-auth-user and --bearer-token-file are mutually exclusive; set only one");
            }
        }

        private static Duration requirePositive(Duration d, String option) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(option + " must be positive: " + d);
            }
            return d;
        }
    }
}
