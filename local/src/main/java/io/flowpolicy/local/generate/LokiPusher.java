package io.flowpolicy.local.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches flow lines into Loki push bodies, one stream per node ({@code job=node-journal, host=<node>}), and
 * sends a batch when it holds {@code batchLines} lines or nears {@value #MAX_BODY_BYTES} bytes: Loki fails a body
 * over its 4 MiB gRPC limit. Lines older than {@code notBeforeNanos} are skipped and counted, because Loki
 * rejects samples older than its {@code reject_old_samples_max_age} (one week by default) and one such line
 * fails the whole request.
 */
final class LokiPusher implements FlowSink {
    /** Kept well under Loki's 4 MiB so that JSON overhead and a long line never cross it. */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private final LokiPushClient client;
    private final int batchLines;
    private final long notBeforeNanos;
    private final Map<String, List<String[]>> streams = new LinkedHashMap<>();
    private int lines;
    private long bytes;
    private long requests;
    private long skipped;

    LokiPusher(LokiPushClient client, int batchLines, long notBeforeNanos) {
        if (batchLines < 1) {
            throw new IllegalArgumentException("batchLines < 1: " + batchLines);
        }
        this.client = client;
        this.batchLines = batchLines;
        this.notBeforeNanos = notBeforeNanos;
    }

    @Override
    public void accept(long tsNanos, String host, String line) throws IOException {
        if (tsNanos < notBeforeNanos) {
            skipped++;
            return;
        }
        long size = line.length() + 40L;
        if (lines > 0 && (lines >= batchLines || bytes + size > MAX_BODY_BYTES)) {
            flush();
        }
        streams.computeIfAbsent(host, h -> new ArrayList<>()).add(new String[] {Long.toString(tsNanos), line});
        lines++;
        bytes += size;
    }

    /** Sends what is buffered; call once after the last line. */
    void flush() throws IOException {
        if (lines == 0) {
            return;
        }
        client.push(body().getBytes(StandardCharsets.UTF_8));
        requests++;
        streams.clear();
        lines = 0;
        bytes = 0;
    }

    long requests() {
        return requests;
    }

    long skipped() {
        return skipped;
    }

    private String body() {
        StringBuilder b = new StringBuilder((int) bytes + 256);
        b.append("{\"streams\":[");
        boolean firstStream = true;
        for (Map.Entry<String, List<String[]>> stream : streams.entrySet()) {
            b.append(firstStream ? "" : ",").append("{\"stream\":{\"job\":\"").append(JsonlFlowWriter.JOB)
                .append("\",\"host\":\"");
            JsonlFlowWriter.escape(stream.getKey(), b);
            b.append("\"},\"values\":[");
            boolean first = true;
            for (String[] value : stream.getValue()) {
                b.append(first ? "[\"" : ",[\"").append(value[0]).append("\",\"");
                JsonlFlowWriter.escape(value[1], b);
                b.append("\"]");
                first = false;
            }
            b.append("]}");
            firstStream = false;
        }
        return b.append("]}").toString();
    }
}
