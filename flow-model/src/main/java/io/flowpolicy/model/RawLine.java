package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One log line as taken from the source (Loki or a file), before any parsing.
 *
 * @param ts     the source timestamp in nanoseconds since the epoch; serialised as a string, as Loki does
 * @param labels the stream labels (e.g. {@code job}, {@code host}); never null
 * @param line   the line text exactly as read
 */
public record RawLine(@JsonProperty("ts") String ts, Map<String, String> labels, String line) {

    public RawLine {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static RawLine of(long tsNanos, Map<String, String> labels, String line) {
        return new RawLine(Long.toString(tsNanos), labels, line);
    }

    public long tsNanos() {
        return Long.parseLong(ts);
    }

    public Instant instant() {
        return Timestamps.ofNanos(tsNanos());
    }
}
