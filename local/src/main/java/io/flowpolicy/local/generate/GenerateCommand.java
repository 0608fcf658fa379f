package io.flowpolicy.local.generate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowpolicy generate}: a realistic synthetic data set of Calico egress LOG lines and the matching
 * inventory, written to files, pushed into a Loki as a past range, or emitted live through Loki4j.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate synthetic Calico flow lines and inventory: to files, into Loki (--loki-url), "
        + "or live (--live --loki-url).")
public final class GenerateCommand implements Callable<Integer> {
    /** Loki's default {@code reject_old_samples_max_age} is one week; a minute's margin covers the push itself. */
    static final Duration LOKI_MAX_AGE = Duration.ofDays(7).minusMinutes(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--days", defaultValue = "7", paramLabel = "N",
        description = "Days of flows. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--rate", defaultValue = "5650", paramLabel = "LINES",
        description = "Mean flow lines per namespace per day (36 namespaces; 5650 over 7 days is about 1.4 million "
            + "lines). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", defaultValue = "flowpolicy-data", paramLabel = "DIR",
        description = "Directory for flows.jsonl and inventory.jsonl (the inventory is always written). "
            + "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--end", paramLabel = "INSTANT",
        description = "End of the range, ISO-8601 (e.g. 2026-11-20T00:00:00Z). Default: now, truncated to the hour.")
    Instant end;

    @Option(names = "--loki-url", paramLabel = "URL",
        description = "Push the lines into this Loki (e.g. http://loki:3100) instead of writing flows.jsonl.")
    URI lokiUrl;

    @Option(names = "--tenant", paramLabel = "ID", description = "Loki tenant (X-Scope-OrgID); none by default.")
    String tenant;

    @Option(names = "--batch-lines", defaultValue = "2000", paramLabel = "N",
        description = "Lines per push request (Loki rejects bodies over 4 MiB). Default: ${DEFAULT-VALUE}.")
    int batchLines;

    @Option(names = "--live",
        description = "With --loki-url: emit lines as they happen, for ever, through a Loki4j appender.")
    boolean live;

    @Override
    public Integer call() throws Exception {
        validate();
        // Loki rejects samples older than a week by default: a pushed week must end now, not at the hour.
        Instant rangeEnd = end != null ? end
            : lokiUrl != null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.now().truncatedTo(ChronoUnit.HOURS);
        if (live) {
            Instant liveStart = Instant.now().truncatedTo(ChronoUnit.HOURS);
            SyntheticDataSet data = new SyntheticDataSet(seed, liveStart.plus(Duration.ofDays(days)), days, rate);
            data.writeInventoryTo(out);
            spec.commandLine().getOut().printf("live: %s, inventory in %s%n", lokiUrl, out);
            spec.commandLine().getOut().flush();
            LiveEmitter emitter = LiveEmitter.start(lokiUrl, tenant);
            // On SIGTERM the loop never returns; the hook drains Loki4j's queue so the last lines are not lost.
            Runtime.getRuntime().addShutdownHook(new Thread(emitter::close, "flowpolicy-generate-drain"));
            new LiveRun(data, emitter, Clock.systemUTC()).run();
            emitter.close();
            return 0;
        }
        SyntheticDataSet data = new SyntheticDataSet(seed, rangeEnd, days, rate);
        if (lokiUrl != null) {
            data.writeInventoryTo(out);
            Instant notBefore = Instant.now().minus(LOKI_MAX_AGE);
            LokiPusher pusher = new LokiPusher(LokiPushClient.create(lokiUrl, tenant), batchLines,
                notBefore.getEpochSecond() * 1_000_000_000L + notBefore.getNano());
            long lines = data.generate(pusher);
            pusher.flush();
            spec.commandLine().getOut().printf("pushed %d lines (%s .. %s) to %s in %d requests, skipped %d older "
                    + "than Loki accepts; inventory in %s%n", lines - pusher.skipped(), data.start(), rangeEnd,
                lokiUrl, pusher.requests(), pusher.skipped(), out);
            return 0;
        }
        SyntheticDataSet.Written written = data.writeTo(out);
        spec.commandLine().getOut().printf("%d flow lines (%d malformed) in %s, %d inventory records in %s (%s .. %s)%n",
            written.flowLines(), SyntheticDataSet.MALFORMED_LINES, written.flows(), written.inventoryRecords(),
            written.inventory(), data.start(), rangeEnd);
        return 0;
    }

    private void validate() {
        if (days < 1) {
            throw new ParameterException(spec.commandLine(), "--days must be at least 1, got " + days);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be a number >= 0, got " + rate);
        }
        if (batchLines < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-lines must be at least 1, got " + batchLines);
        }
        if (live && lokiUrl == null) {
            throw new ParameterException(spec.commandLine(), "--live needs --loki-url");
        }
        if (live && end != null) {
            throw new ParameterException(spec.commandLine(), "--live starts now; --end cannot be given with it");
        }
    }
}
