package io.flowpolicy.local.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes flow lines as {@code {"ts":"<ns>","labels":{"job":"node-journal","host":"<node>"},"line":"…"}}, one a
 * line, the form {@code analyze --flows} and the file ingest read. Streams: nothing is held in memory.
 */
final class JsonlFlowWriter implements FlowSink, Closeable {
    static final String JOB = "node-journal";

    private final BufferedWriter out;
    private final StringBuilder record = new StringBuilder(512);

    JsonlFlowWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void accept(long tsNanos, String host, String line) throws IOException {
        record.setLength(0);
        record.append("{\"ts\":\"").append(tsNanos).append("\",\"labels\":{\"job\":\"").append(JOB)
            .append("\",\"host\":\"");
        escape(host, record);
        record.append("\"},\"line\":\"");
        escape(line, record);
        record.append("\"}\n");
        out.append(record);
    }

    /** JSON string escaping; generated lines are plain ASCII, so the slow path is for safety only. */
    static void escape(String text, StringBuilder to) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                to.append('\\').append(c);
            } else if (c < 0x20) {
                to.append(String.format("\\u%04x", (int) c));
            } else {
                to.append(c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
