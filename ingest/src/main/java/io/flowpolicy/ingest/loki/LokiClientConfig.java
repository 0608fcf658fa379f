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
    /**
     * Above Loki's default {@code query_timeout} of 1m, after which Loki answers 504 itself: a shorter timeout would
     * abandon, on every attempt, a window that Loki answers in between.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_TENANT_ID_BYTES = 150;

    private final URI baseUrl;
    private final String tenant;
    private final String basicAuthUser;
    private final String authorization;
    private final String authKind;
    private final Duration requestTimeout;
    private final Duration connectTimeout;

    private LokiClientConfig(Builder b) {
        this.baseUrl = b.baseUrl;
        this.tenant = b.tenant;
        this.basicAuthUser = b.basicAuthUser;
        this.authorization = b.authorization;
        this.authKind = b.authKind;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
    }

    /**
     * The base URL the API paths are appended to: without a trailing slash, and without the API path itself when
     * the URL was copied from a request ({@code …/loki/api/v1} or {@code …/loki/api/v1/query_range}), so that both
     * name the same Loki and source.
     */
    public static URI baseUrlOf(URI url) {
        String s = withoutSuffix(url.toString(), "/");
        for (String api : new String[] {"/loki/api/v1/query_range", "/loki/api/v1"}) {
            if (s.endsWith(api)) {
                return URI.create(withoutSuffix(s.substring(0, s.length() - api.length()), "/"));
            }
        }
        return URI.create(s);
    }

    private static String withoutSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
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

    /**
     * The Basic auth user, or null. Not a secret, and part of a source's identity: Grafana Enterprise Logs selects
     * the tenants by it ({@code Tenant1|Tenant2} as user, a token as password).
     */
    public String basicAuthUser() {
        return basicAuthUser;
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
        private String basicAuthUser;
        private String authorization;
        private String authKind = "none";
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
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
            this.baseUrl = baseUrlOf(baseUrl);
        }

        /**
         * Sets the {@code X-Scope-OrgID}: one tenant id, or several joined by {@code |} for a multi-tenant query.
         *
         * @throws IllegalArgumentException when an id is one Loki refuses: empty, {@code .} or {@code ..}, over 150
         *                                  bytes, or holding anything but ASCII letters, digits and
         *                                  {@code ! - _ . * ' ( )}
         */
        public Builder tenant(String tenant) {
            if (tenant != null) {
                for (String id : tenant.split("\\|", -1)) {
                    requireValidTenantId(tenant, id);
                }
            }
            this.tenant = tenant;
            return this;
        }

        private static void requireValidTenantId(String tenant, String id) {
            String fix = "a tenant id is 1-150 ASCII letters, digits and ! - _ . * ' ( ), not . or ..; "
                    + "join several with |, e.g. team-a|team-b";
            if (id.isEmpty() || id.equals(".") || id.equals("..")) {
                throw new IllegalArgumentException("--tenant '" + tenant + "' holds the tenant id '" + id
                        + "', which Loki refuses: " + fix);
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (!isTenantChar(c)) {
                    String shown = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
                    throw new IllegalArgumentException("--tenant '" + tenant + "' holds " + shown
                            + ", which Loki refuses in a tenant id: " + fix);
                }
            }
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_TENANT_ID_BYTES) {
                throw new IllegalArgumentException("--tenant holds a tenant id of " + bytes + " bytes, over Loki's "
                        + MAX_TENANT_ID_BYTES + ": " + fix);
            }
        }

        /** Loki's (dskit's) tenant id alphabet; ':' in particular would break the header. */
        private static boolean isTenantChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!-_.*'()".indexOf(c) >= 0;
        }

        public Builder basicAuth(String user, String password) {
            requireNoAuthYet();
            Objects.requireNonNull(user, "--basic-auth-user");
            Objects.requireNonNull(password, "--basic-auth-password-file");
            String pair = user + ":" + password;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            this.basicAuthUser = user;
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
