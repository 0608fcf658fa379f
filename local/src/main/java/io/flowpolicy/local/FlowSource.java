package io.flowpolicy.local;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.model.Timestamps;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Where {@code analyze} takes its flow lines from: a file or a Loki range. */
interface FlowSource {

    /**
     * Publishes every line to the raw topic and counts them.
     *
     * @return counts whose min/max timestamps are the summary's window
     */
    FileIngest.Counts publish(String bootstrapServers, List<String> nodeLabels, Consumer<String> warnings)
        throws Exception;

    static FlowSource file(Path flows) {
        return (bootstrap, labels, warnings) -> new FileIngest(bootstrap).publishFlows(flows, labels, warnings);
    }

    /**
     * A Loki range [from, to); its window is the range itself, not the first and last line, so a quiet start or
     * end of the range still shows in summary.json.
     */
    static FlowSource loki(LokiOptions.Source source, Consumer<String> progress) {
        if (source.from() == null || source.to() == null) {
            throw new IllegalArgumentException("analyze --loki-url needs both --from and --to");
        }
        return (bootstrap, labels, warnings) -> {
            LokiIngest.Result result = new LokiIngest(source.oneOff(bootstrap, labels)).run(progress);
            if (result.published() == 0) {
                warnings.accept(noLineFrom(source));
            }
            return FileIngest.Counts.ofRange(result.published(), 0, Timestamps.toNanos(source.from()),
                Timestamps.toNanos(source.to()));
        };
    }

    /** Most often the stream selector names a label value the shipper does not set. */
    private static String noLineFrom(LokiOptions.Source source) {
        return "Loki returned no line for " + source.reader().query() + " from " + source.from() + " to "
            + source.to() + ": check the stream selector against the labels your log shipper sets (promtail: the "
            + "job you configured; Grafana Alloy's loki.source.journal: job=\"loki.source.journal.<component "
            + "label>\" unless relabelled), and the line filter against the log prefix of your flow-logging policy";
    }
}
