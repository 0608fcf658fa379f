package io.flowpolicy.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.ingest.kafka.EncodedLine;
import io.flowpolicy.model.CanonicalRawLine;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLineJson;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a flow file line by line. Accepted forms, one record a line:
 * <ul>
 *   <li>{@code {"ts":"<ns epoch>","labels":{...},"line":"..."}} (flowpolicy's own export);</li>
 *   <li>{@code {"labels":{...},"line":"...","timestamp":"<RFC3339Nano>"}} (what {@code logcli query --output=jsonl} prints);</li>
 *   <li>plain journal/syslog text {@code <RFC3339 timestamp> <host> kernel: calico-packet: ...}; the host becomes the
 *       {@code host} label.</li>
 * </ul>
 * Blank lines are skipped; anything else is rejected with reason {@value #MALFORMED} and the file and line number.
 */
public final class FlowFileReader {
    public static final String MALFORMED = "malformed-record";

    private final Path file;

    public FlowFileReader(Path file) {
        this.file = file;
    }

    /**
     * Reads the whole file, handing every non-blank line to the consumer in file order.
     *
     * @return the number of non-blank lines read
     * @throws IOException when the file cannot be read (a bad line is not an IOException)
     */
    public long read(Consumer<SourceLine<RawLine>> consumer) throws IOException {
        return LineFiles.forEachNonBlank(file, (text, number) -> consumer.accept(parse(text, number)));
    }

    /**
     * As {@link #read}, with each accepted line in the raw topic's value form. A record already in exactly that form
     * ({@link CanonicalRawLine}: flowpolicy's own export) is passed on as it is, without decoding and re-encoding it;
     * the deserialized lines are the same as {@link #read}'s either way.
     */
    public long readEncoded(Consumer<SourceLine<EncodedLine>> consumer) throws IOException {
        CanonicalRawLine canonical = new CanonicalRawLine();
        return LineFiles.forEachNonBlank(file, line -> {
            CanonicalRawLine.Header header = canonical.scan(line.buf, line.start, line.end);
            if (header != null) {
                consumer.accept(new SourceLine.Accepted<>(new EncodedLine(header.tsNanos(), header.labels(),
                    Arrays.copyOfRange(line.buf, line.start, line.end))));
            } else {
                consumer.accept(parse(line.text(), line.number).map(EncodedLine::of));
            }
        });
    }

    SourceLine<RawLine> parse(String text, int number) {
        try {
            RawLine line = text.stripLeading().startsWith("{") ? fromJson(text) : fromText(text);
            return new SourceLine.Accepted<>(line);
        } catch (IllegalArgumentException e) {
            String detail = file.getFileName() + ":" + number + ": " + e.getMessage();
            return new SourceLine.Rejected<>(new RejectedLine(MALFORMED, detail, text, null, Map.of()));
        }
    }

    private static RawLine fromJson(String text) {
        RawLineJson.Fields fields = RawLineJson.read(text);
        if (fields != null && fields.line() != null && (fields.ts() != null || fields.timestamp() != null)) {
            long ts = fields.ts() != null ? Timestamps.parseNanos(fields.ts())
                : Timestamps.toNanos(Timestamps.parseRfc3339(fields.timestamp()));
            return RawLine.of(ts, fields.labels(), fields.line());
        }
        // Anything unusual (and every malformed record) takes the general path, which names what is wrong.
        JsonNode node;
        try {
            node = JsonSerde.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        JsonNode line = node.get("line");
        if (line == null || !line.isTextual()) {
            throw new IllegalArgumentException("no \"line\" text field");
        }
        return RawLine.of(timestampOf(node), labelsOf(node.get("labels")), line.asText());
    }

    private static long timestampOf(JsonNode node) {
        JsonNode ts = node.get("ts");
        if (ts != null && (ts.isTextual() || ts.isIntegralNumber())) {
            return Timestamps.parseNanos(ts.asText());
        }
        JsonNode timestamp = node.get("timestamp");
        if (timestamp != null && timestamp.isTextual()) {
            return Timestamps.toNanos(Timestamps.parseRfc3339(timestamp.asText()));
        }
        throw new IllegalArgumentException("no \"ts\" (ns epoch) or \"timestamp\" (RFC 3339) field");
    }

    private static Map<String, String> labelsOf(JsonNode labels) {
        if (labels == null || labels.isNull()) {
            return Map.of();
        }
        if (!labels.isObject()) {
            throw new IllegalArgumentException("\"labels\" is not an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    /** {@code 2026-05-18T10:00:00.123456+00:00 node-1 kernel: calico-packet: IN=...}. */
    private static RawLine fromText(String text) {
        int firstSpace = text.indexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : text.indexOf(' ', firstSpace + 1);
        if (secondSpace < 0) {
            throw new IllegalArgumentException("neither JSON nor '<RFC3339 timestamp> <host> <message>' text");
        }
        Instant ts;
        try {
            ts = Timestamps.parseRfc3339(text.substring(0, firstSpace));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither JSON nor journal text '<RFC3339 timestamp> <host> <message>' ("
                + e.getMessage() + ")");
        }
        String host = text.substring(firstSpace + 1, secondSpace);
        String message = text.substring(secondSpace + 1);
        if (message.startsWith("kernel: ")) {
            message = message.substring("kernel: ".length());
        }
        return RawLine.of(Timestamps.toNanos(ts), Map.of("host", host), message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
