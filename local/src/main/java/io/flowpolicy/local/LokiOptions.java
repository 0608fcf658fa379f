package io.flowpolicy.local;

import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.loki.LokiClientConfig;
import io.flowpolicy.ingest.loki.LokiReaderConfig;
import io.flowpolicy.model.Timestamps;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Loki source options shared by {@code ingest} and {@code analyze}: where Loki is, how to authenticate, the
 * query, its range and how the reader walks it. Secrets come from files or the environment, never from the
 * command line, and are never printed.
 */
final class LokiOptions {
    static final String DEFAULT_QUERY = "{job=\"node-journal\"} |= \"calico-packet\"";
    static final String PASSWORD_ENV = "FLOWPOLICY_LOKI_PASSWORD";
    static final String TOKEN_ENV = "FLOWPOLICY_LOKI_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--loki-url", paramLabel = "URL",
        description = "Loki (or its gateway) base URL, e.g. https://loki.example:3100 (a trailing /loki/api/v1 is "
            + "dropped).")
    String lokiUrl;

    @Option(names = "--query", defaultValue = DEFAULT_QUERY, paramLabel = "LOGQL",
        description = "LogQL log query selecting the flow lines. Default: ${DEFAULT-VALUE}.")
    String query;

    @Option(names = "--from", paramLabel = "RFC3339|DURATION", description = "Start of the range (inclusive), e.g. "
        + "2026-05-18T00:00:00Z, or a duration before now, e.g. 7d; ingest starts a source without a checkpoint there "
        + "(a relative --from never moves a checkpoint).")
    String from;

    @Option(names = "--to", paramLabel = "RFC3339", description = "End of the range (exclusive).")
    String to;

    @Option(names = "--tenant", paramLabel = "ORG",
        description = "Loki tenant, sent as X-Scope-OrgID; several joined by | for a multi-tenant query.")
    String tenant;

    @Option(names = "--basic-auth-user", paramLabel = "USER",
        description = "Basic auth user; the password comes from --basic-auth-password-file or $" + PASSWORD_ENV + ".")
    String basicAuthUser;

    @Option(names = "--basic-auth-password-file", paramLabel = "FILE", description = "File holding the Basic auth password.")
    Path basicAuthPasswordFile;

    @Option(names = "--bearer-token-file", paramLabel = "FILE",
        description = "File holding a Bearer token (else $" + TOKEN_ENV + ").")
    Path bearerTokenFile;

    @Option(names = "--page-size", defaultValue = "5000", paramLabel = "N",
        description = "Entries per query_range request. Default: ${DEFAULT-VALUE}.")
    int pageSize;

    @Option(names = "--max-page-size", defaultValue = "5000", paramLabel = "N",
        description = "The server's max_entries_limit_per_query. Default: ${DEFAULT-VALUE}.")
    int maxPageSize;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
        description = "Windows read at once (lowered on 429). Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--split-interval", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "Longest window, aligned as Loki's query frontend splits. Default: ${DEFAULT-VALUE}.")
    Duration splitInterval;

    // Above Loki's query_timeout (1m), as LokiClientConfig.DEFAULT_REQUEST_TIMEOUT.
    @Option(names = "--request-timeout", defaultValue = "90s", converter = DurationConverter.class,
        paramLabel = "DURATION", description = "Timeout of one request; keep it above Loki's query_timeout (default "
            + "1m). Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    @Option(names = "--max-backoff", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "Cap of the retry delay. Default: ${DEFAULT-VALUE}.")
    Duration maxBackoff;

    @Option(names = "--max-attempts", defaultValue = "10", paramLabel = "N",
        description = "Attempts per request in a backfill with --to (0 = forever; following always retries forever). "
            + "Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    /** The validated Loki source. */
    /** @param fromRelative whether {@code from} was given as a duration before now */
    record Source(LokiClientConfig client, LokiReaderConfig reader, Instant from, Instant to, boolean fromRelative) {

        /**
         * The range as {@code analyze} reads it: once, on an embedded broker whose checkpoint no later run resumes,
         * so up to {@code to} as given and without waiting for a lag.
         */
        LokiIngest.Settings oneOff(String bootstrapServers, List<String> nodeLabels) {
            return new LokiIngest.Settings(bootstrapServers, client, reader, from, to, Duration.ZERO,
                Duration.ofSeconds(1), nodeLabels).asOneOff();
        }
    }

    boolean present() {
        return lokiUrl != null;
    }

    /**
     * @throws ParameterException naming the option and the fix, for any bad value
     */
    Source resolve(Map<String, String> env) {
        try {
            Duration before = before(from);
            Instant start = before != null ? Instant.now().minus(before) : instant("--from", from);
            Instant end = instant("--to", to);
            if (start != null && end != null && !end.isAfter(start)) {
                throw fail("--to " + to + " must be after --from " + from);
            }
            LokiReaderConfig reader = new LokiReaderConfig(query, splitInterval, pageSize, maxPageSize, parallelism,
                Duration.ofMillis(Math.min(200, maxBackoff.toMillis())), maxBackoff, maxAttempts);
            return new Source(client(env), reader, start, end, before != null);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private LokiClientConfig client(Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(lokiUrl);
        } catch (URISyntaxException e) {
            throw fail("--loki-url is not a URL: " + e.getMessage());
        }
        LokiClientConfig.Builder b = LokiClientConfig.builder(uri).tenant(tenant).requestTimeout(requestTimeout);
        if (basicAuthUser != null) {
            String password = basicAuthPasswordFile != null ? secret("--basic-auth-password-file", basicAuthPasswordFile)
                : env.get(PASSWORD_ENV);
            if (password == null) {
                throw fail("--basic-auth-user needs a password: set --basic-auth-password-file or $" + PASSWORD_ENV);
            }
            b.basicAuth(basicAuthUser, password);
        } else if (basicAuthPasswordFile != null) {
            throw fail("--basic-auth-password-file needs --basic-auth-user");
        }
        String token = bearerTokenFile != null ? secret("--bearer-token-file", bearerTokenFile)
            : basicAuthUser == null ? env.get(TOKEN_ENV) : null;
        if (token != null) {
            b.bearerToken(token);
        }
        return b.build();
    }

    private String secret(String option, Path file) {
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw fail(option + ": " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw fail(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseRfc3339(text);
        } catch (IllegalArgumentException e) {
            throw fail(option + " '" + text + "' is not RFC 3339" + (option.equals("--from") ? " or a duration" : "")
                + "; write e.g. 2026-05-18T00:00:00Z" + (option.equals("--from") ? " or 7d" : ""));
        }
    }

    /** A {@code --from} written as a duration before now ({@code 7d}, {@code 12h}, {@code PT1H}); else null. */
    private static Duration before(String text) {
        if (text == null) {
            return null;
        }
        try {
            Duration d = new DurationConverter().convert(text);
            return d.isNegative() || d.isZero() ? null : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
