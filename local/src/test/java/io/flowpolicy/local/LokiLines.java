package io.flowpolicy.local;

import io.flowpolicy.ingest.CommitMarkers;
import io.flowpolicy.ingest.loki.LokiTestServer;
import io.flowpolicy.ingest.loki.TestFlowLines;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.TopicReader;
import io.flowpolicy.model.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixtures of the ingest tests: a week of lines tagged per test, and the raw topic read back for that tag. */
final class LokiLines {
    static final String TAG = "test";

    private LokiLines() {
    }

    /** {@link TestFlowLines#week} with a {@code test=<tag>} label on every stream, so tests sharing a broker stay apart. */
    static List<RawLine> week(String tag, long endNanos, int total, int shared, long seed) {
        return TestFlowLines.week(endNanos, 7, total, shared, seed).stream().map(l -> {
            Map<String, String> labels = new HashMap<>(l.labels());
            labels.put(TAG, tag);
            return new RawLine(l.ts(), labels, l.line());
        }).toList();
    }

    static void load(LokiTestServer server, List<RawLine> lines) {
        TestFlowLines.load(server, lines);
    }

    /**
     * The committed lines of the raw topic carrying {@code test=<tag>}, once no transaction is still being committed:
     * a producer's commit returns before the broker has written the markers that make it visible.
     */
    static List<RawLine> published(String bootstrap, String tag) {
        CommitMarkers.awaitWritten(bootstrap);
        return TopicReader.readAll(bootstrap, Topics.RAW_LINES, Duration.ofMinutes(2)).stream()
            .flatMap(r -> r.value().lines().stream()).filter(l -> tag.equals(l.labels().get(TAG))).toList();
    }

    static Map<RawLine, Integer> multiset(List<RawLine> lines) {
        return TestFlowLines.multiset(lines);
    }

    static String rfc3339(long nanos) {
        return Timestamps.ofNanos(nanos).toString();
    }
}
