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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
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
    private static final String JOURNAL_MESSAGE = "MESSAGE";
    private static final DateTimeFormatter SHORT_ISO = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter();

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
        return LineFiles.forEachNonBlank(file, line -> consumer.accept(encoded(canonical, line)));
    }

    /**
     * As {@link #readEncoded(Consumer)}, from {@code from} on, telling {@code boundaries} where the file stands
     * between batches of {@code linesPerBatch} lines: just before the first line of each batch after the first is
     * handed over, the position of that line's start; after the last line, the position of the file's end (none
     * when nothing follows {@code from}). Every line before a position has been handed over when it is told.
     *
     * <p>When {@code from} ends inside a line (an earlier read ended at a file end that had no line end, and the
     * file has grown since), the bytes that continue that line are handed over first as a rejected line numbered
     * like it: the line itself was read in full then.
     *
     * @return the number of lines handed over
     * @throws PositionMismatchException before any line is handed over, when the file is shorter than {@code from}
     *     or its bytes before it are not those {@code from} was taken on
     */
    public long readEncoded(FilePosition from, int linesPerBatch, Consumer<FilePosition> boundaries,
                            Consumer<SourceLine<EncodedLine>> consumer) throws IOException {
        return readEncoded(from, linesPerBatch, boundaries, consumer, LineFiles.BUFFER_BYTES);
    }

    long readEncoded(FilePosition from, int linesPerBatch, Consumer<FilePosition> boundaries,
                     Consumer<SourceLine<EncodedLine>> consumer, int bufferBytes) throws IOException {
        if (linesPerBatch < 1) {
            throw new IllegalArgumentException("lines per batch < 1: " + linesPerBatch);
        }
        CanonicalRawLine canonical = new CanonicalRawLine();
        try (LineFiles.Walker walker = LineFiles.Walker.open(file, bufferBytes, true)) {
            if (!walker.resumeAt(from.offset(), from.lines(), from.sha256())) {
                throw mismatch(from);
            }
            long count = 0;
            for (LineFiles.Line line = walker.next(); line != null; line = walker.next()) {
                if (count > 0 && count % linesPerBatch == 0) {
                    boundaries.accept(new FilePosition(line.offset, line.number - 1, walker.sha256Before(line.offset)));
                }
                consumer.accept(line.continued ? continuation(line, from) : encoded(canonical, line));
                count++;
            }
            long end = walker.position();
            if (end > from.offset()) {
                boundaries.accept(new FilePosition(end, walker.lines(), walker.sha256Before(end)));
            }
            return count;
        }
    }

    /** The bytes of the file's first non-blank line, without its line end; null when it has none. */
    public byte[] firstLine() throws IOException {
        return LineFiles.firstNonBlank(file);
    }

    private SourceLine<EncodedLine> encoded(CanonicalRawLine canonical, LineFiles.Line line) throws IOException {
        CanonicalRawLine.Header header = canonical.scan(line.buf, line.start, line.end);
        if (header != null) {
            return new SourceLine.Accepted<>(new EncodedLine(header.tsNanos(), header.labels(),
                Arrays.copyOfRange(line.buf, line.start, line.end)));
        }
        return parse(line.text(), line.number).map(EncodedLine::of);
    }

    private SourceLine<EncodedLine> continuation(LineFiles.Line line, FilePosition from) throws IOException {
        String detail = file.getFileName() + ":" + line.number + ": the rest of a line that an earlier read took as "
            + "complete at byte " + from.offset() + ", where the file ended without a line end";
        return new SourceLine.Rejected<>(new RejectedLine(MALFORMED, detail, line.text(), null, Map.of()));
    }

    private PositionMismatchException mismatch(FilePosition from) throws IOException {
        long size = Files.size(file);
        String problem = size < from.offset()
            ? file.getFileName() + " has " + size + " bytes, fewer than the " + from.offset() + " before the position"
            : "the first " + from.offset() + " bytes of " + file.getFileName() + " differ from those the position "
                + "was taken on (sha256 " + from.sha256() + ")";
        return new PositionMismatchException(problem, from, size);
    }

    SourceLine<RawLine> parse(String text, long number) {
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
        if (line == null && node.has(JOURNAL_MESSAGE)) {
            return fromJournalEntry(node);
        }
        if (line == null || !line.isTextual()) {
            throw new IllegalArgumentException("no \"line\" text field");
        }
        return RawLine.of(timestampOf(node), labelsOf(node.get("labels")), line.asText());
    }

    /**
     * An entry of {@code journalctl -o json} (e.g. {@code journalctl -k -o json --grep calico-packet}): the line is
     * its {@code MESSAGE}, the time its {@code __REALTIME_TIMESTAMP} (microseconds), the host its {@code _HOSTNAME}.
     */
    private static RawLine fromJournalEntry(JsonNode node) {
        JsonNode message = node.get(JOURNAL_MESSAGE);
        if (!message.isTextual()) {
            // journalctl writes a message that is not valid UTF-8 as an array of its bytes.
            throw new IllegalArgumentException("journal entry whose MESSAGE is not text");
        }
        JsonNode realtime = node.get("__REALTIME_TIMESTAMP");
        long micros;
        try {
            micros = realtime == null ? -1 : Long.parseLong(realtime.asText());
        } catch (NumberFormatException e) {
            micros = -1;
        }
        if (micros < 0 || micros > Long.MAX_VALUE / 1_000L) {
            throw new IllegalArgumentException("journal entry without a __REALTIME_TIMESTAMP (microseconds)");
        }
        JsonNode host = node.get("_HOSTNAME");
        Map<String, String> labels = host != null && host.isTextual() && !host.asText().isEmpty()
            ? Map.of("host", host.asText()) : Map.of();
        return RawLine.of(micros * 1_000L, labels, message.asText());
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
            ts = journalTime(text.substring(0, firstSpace));
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

    /** RFC 3339, or {@code journalctl -o short-iso}'s form of older systemd versions, whose offset has no colon. */
    private static Instant journalTime(String text) {
        try {
            return Timestamps.parseRfc3339(text);
        } catch (IllegalArgumentException e) {
            try {
                return OffsetDateTime.parse(text, SHORT_ISO).toInstant();
            } catch (DateTimeParseException ignored) {
                throw e;
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
