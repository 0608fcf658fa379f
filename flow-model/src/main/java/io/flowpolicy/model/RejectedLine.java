package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A line that could not be used, with the reason; the value of the rejected-lines topic.
 *
 * @param reason  a stable, machine-readable reason such as {@code malformed-record} or {@code no-prefix}
 * @param detail  a human-readable explanation, naming the file and line number when the line came from a file
 * @param line    the offending text, truncated to {@link #MAX_LINE_CHARS}
 * @param ts      the source timestamp (ns epoch string) when known
 * @param labels  the stream labels when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RejectedLine(String reason, String detail, String line, String ts, Map<String, String> labels) {
    public static final int MAX_LINE_CHARS = 2048;

    public RejectedLine {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (line != null && line.length() > MAX_LINE_CHARS) {
            line = line.substring(0, MAX_LINE_CHARS);
        }
    }
}
