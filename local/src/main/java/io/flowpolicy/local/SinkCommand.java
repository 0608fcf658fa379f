package io.flowpolicy.local;

import io.flowpolicy.sink.PolicySink;
import io.flowpolicy.sink.SinkMeters;
import io.flowpolicy.sink.SinkService;
import io.flowpolicy.sink.git.GitTarget;
import io.flowpolicy.sink.git.PolicyRepository;
import io.flowpolicy.sink.render.RenderOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy sink}: the policy sink as a long-running service against a Kafka cluster, committing (and
 * pushing) whenever the candidate policies change. Runs until interrupted (SIGINT/SIGTERM).
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = "Consume candidate policies from Kafka and keep the policy repository up to date.")
final class SinkCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SinkCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--interval", defaultValue = "PT1M", paramLabel = "DURATION",
        description = "Longest a change waits before it is committed, and the retry period of a delayed push "
            + "(ISO-8601, e.g. PT30S). Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--metrics-port", defaultValue = "9401", paramLabel = "PORT",
        description = "Port of the Prometheus endpoint /metrics; 0 = none. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
        description = "Address /metrics listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    @Mixin
    GitRepoOptions git;

    @Mixin
    CalicoEditionOption calico;

    @Override
    public Integer call() throws Exception {
        GitTarget target;
        RenderOptions render;
        try {
            render = calico.render(git.renderOptions());
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--interval must be positive, got " + interval);
            }
            if (metricsPort < 0 || metricsPort > 65_535) {
                throw new IllegalArgumentException("--metrics-port must be 0 (no endpoint) or 1-65535, got "
                    + metricsPort);
            }
            Path home = Path.of("flowpolicy-sink");
            target = git.target(home.resolve("policy-repo"), home.resolve("policy-repo"), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        LOG.info("sink: bootstrap {}, repository {}, interval {}", bootstrapServers, target, interval);
        try (MetricsEndpoint metrics = MetricsEndpoint.start(metricsBind, metricsPort);
             PolicyRepository repository = PolicyRepository.open(target);
             SinkService service = new SinkService(bootstrapServers,
                 new PolicySink(render, git.reportSettings(), repository), interval,
                 new SinkMeters(metrics.registry()))) {
            CountDownLatch stopped = new CountDownLatch(1);
            try (ShutdownHook hook = ShutdownHook.install("flowpolicy-sink-shutdown", () -> {
                service.close();
                awaitQuietly(stopped);
            })) {
                service.run();
            } finally {
                stopped.countDown();
            }
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
