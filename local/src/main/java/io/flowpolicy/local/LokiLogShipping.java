package io.flowpolicy.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.core.CoreConstants;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the command's own log events to Loki through a Loki4j appender on the root logger, when
 * {@value #URL_ENV} is set; otherwise does nothing. Configured here rather than in {@code logback.xml} because the
 * switch is an environment variable and Logback's conditional configuration needs Janino, which is not on the
 * classpath. Labels: {@code app=flowpolicy}, {@code service=<subcommand>}, {@code host=<hostname>}; the level,
 * logger and thread go as structured metadata. The password is read from a file and never logged.
 */
final class LokiLogShipping implements AutoCloseable {
    static final String URL_ENV = "FLOWPOLICY_LOKI_LOGS_URL";
    static final String TENANT_ENV = "FLOWPOLICY_LOKI_LOGS_TENANT";
    static final String USER_ENV = "FLOWPOLICY_LOKI_LOGS_USER";
    static final String PASSWORD_FILE_ENV = "FLOWPOLICY_LOKI_LOGS_PASSWORD_FILE";
    /** Every variable that configures shipping, for the documentation test. */
    static final List<String> ENVIRONMENT = List.of(URL_ENV, TENANT_ENV, USER_ENV, PASSWORD_FILE_ENV);
    static final String PUSH_PATH = "/loki/api/v1/push";
    private static final String APPENDER_NAME = "flowpolicy-loki-logs";
    private static final Logger LOG = LoggerFactory.getLogger(LokiLogShipping.class);

    private final Loki4jAppender appender;

    private LokiLogShipping(Loki4jAppender appender) {
        this.appender = appender;
    }

    /**
     * Adds the appender when {@code env} has {@value #URL_ENV}.
     *
     * @throws IllegalArgumentException the URL carries credentials, or the user has no password file
     * @throws UncheckedIOException     the password file cannot be read
     */
    static LokiLogShipping start(Map<String, String> env, String service) {
        String url = blankToNull(env.get(URL_ENV));
        if (url == null) {
            return new LokiLogShipping(null);
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Loki4jAppender appender = new Loki4jAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setLabels(labels(service, context.getProperty(CoreConstants.HOSTNAME_KEY)));
        appender.setMessage(layout(context));
        appender.setHttp(http(env, url));
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        // Loki4j's default waits up to a minute to fill a batch; operators expect log lines within seconds.
        batch.setTimeoutMs(5_000);
        appender.setBatch(batch);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        LOG.info("shipping logs to {} as service {} (tenant {}, user {})", url, service,
            env.getOrDefault(TENANT_ENV, "-"), env.getOrDefault(USER_ENV, "-"));
        return new LokiLogShipping(appender);
    }

    static String labels(String service, String host) {
        return "app=flowpolicy\nservice=" + service + "\nhost=" + (host == null || host.isBlank() ? "unknown" : host);
    }

    private static PatternLayout layout(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%-5level %logger{30} - %msg%n%ex");
        layout.start();
        return layout;
    }

    private static PipelineConfigAppenderBase.HttpCfg http(Map<String, String> env, String url) {
        URI uri = URI.create(url);
        if (uri.getUserInfo() != null) {
            // Rejected so the password can never reach a log line that prints the URL.
            throw new IllegalArgumentException(URL_ENV + " must not carry credentials; set " + USER_ENV + " and "
                + PASSWORD_FILE_ENV);
        }
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl(url.replaceAll("/+$", "") + PUSH_PATH);
        String tenant = blankToNull(env.get(TENANT_ENV));
        if (tenant != null) {
            http.setTenantId(tenant);
        }
        String user = blankToNull(env.get(USER_ENV));
        if (user != null) {
            PipelineConfigAppenderBase.BasicAuth auth = new PipelineConfigAppenderBase.BasicAuth();
            auth.setUsername(user);
            auth.setPassword(password(env));
            http.setAuth(auth);
        }
        return http;
    }

    private static String password(Map<String, String> env) {
        String file = blankToNull(env.get(PASSWORD_FILE_ENV));
        if (file == null) {
            throw new IllegalArgumentException(USER_ENV + " is set but " + PASSWORD_FILE_ENV + " is not");
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(PASSWORD_FILE_ENV + ": cannot read " + file, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Detaches the appender after it has pushed what it holds. */
    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        LoggerContext context = (LoggerContext) appender.getContext();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }
}
