package io.flowpolicy.local.generate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.net.URI;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Emits flow lines to Loki as they happen, through a Loki4j appender configured here rather than in
 * {@code logback.xml}, so the other commands never load it. The lines go to a dedicated, non-additive logger,
 * so they reach neither the console nor any other appender; the stream labels are {@code job=node-journal} and
 * {@code host=<node>}, the message is the bare line, and structured metadata is off (Loki4j would otherwise
 * attach level, thread and logger to every line).
 */
final class LiveEmitter implements FlowSink, AutoCloseable {
    static final String LOGGER = "io.flowpolicy.generate.flows";
    private static final String HOST_KEY = "host";

    private final Logger logger;
    private final Loki4jAppender appender;

    private LiveEmitter(Logger logger, Loki4jAppender appender) {
        this.logger = logger;
        this.appender = appender;
    }

    /** Starts the appender; lines are batched and pushed by Loki4j's own threads. */
    static LiveEmitter start(URI lokiUrl, String tenant) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl(lokiUrl.toString().replaceAll("/+$", "") + LokiPushClient.PUSH_PATH);
        if (tenant != null && !tenant.isBlank()) {
            http.setTenantId(tenant);
        }
        Loki4jAppender appender = new Loki4jAppender();
        appender.setContext(context);
        appender.setName("flowpolicy-live-loki");
        appender.setLabels("job=" + JsonlFlowWriter.JOB + "\n" + HOST_KEY + "=%mdc{" + HOST_KEY + "}");
        appender.setStructuredMetadata(Loki4jAppender.DISABLE_SMD_PATTERN);
        appender.setMessage(layout);
        appender.setHttp(http);
        appender.start();
        Logger logger = context.getLogger(LOGGER);
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
        return new LiveEmitter(logger, appender);
    }

    /** Logs the line now; its Loki timestamp is the logging time, the {@code tsNanos} given is not used. */
    @Override
    public void accept(long tsNanos, String host, String line) {
        MDC.put(HOST_KEY, host);
        try {
            logger.info(line);
        } finally {
            MDC.remove(HOST_KEY);
        }
    }

    /** Stops the appender, which drains its queue to Loki first. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
