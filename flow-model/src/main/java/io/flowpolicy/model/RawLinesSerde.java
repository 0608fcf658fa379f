package io.flowpolicy.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The raw-line topic's serde ({@link RawLines}): one {@link RawLine} JSON document per line of the value, each read
 * as {@link RawLineSerde} reads one (so producers other than flowpolicy's still work). A document must have a
 * {@code line} and a numeric {@code ts}: one that has not makes the whole record a {@link SerializationException}
 * when it is the record's only document (the topology's deserialization handler then rejects it), and a
 * {@link RawLines.Malformed} entry beside the good lines otherwise.
 */
public final class RawLinesSerde implements Serde<RawLines> {

    @Override
    public Serializer<RawLines> serializer() {
        return (topic, lines) -> lines == null ? null : write(lines.lines());
    }

    /** The lines as one record value. */
    public static byte[] write(List<RawLine> lines) {
        return join(lines.stream().map(RawLineJson::write).toList());
    }

    /**
     * Raw line documents ({@link RawLineJson}, never a newline in one) as one record value: separated by newlines,
     * without one after the last; a single document is the value as it is.
     */
    public static byte[] join(List<byte[]> documents) {
        if (documents.size() == 1) {
            return documents.get(0);
        }
        int size = Math.max(0, documents.size() - 1);
        for (byte[] document : documents) {
            size += document.length;
        }
        byte[] value = new byte[size];
        int at = 0;
        for (byte[] document : documents) {
            if (at > 0) {
                value[at++] = '\n';
            }
            System.arraycopy(document, 0, value, at, document.length);
            at += document.length;
        }
        return value;
    }

    @Override
    public Deserializer<RawLines> deserializer() {
        RawLineJson.LabelsMemo labels = new RawLineJson.LabelsMemo();
        return (topic, bytes) -> bytes == null ? null : read(bytes, labels);
    }

    private static RawLines read(byte[] bytes, RawLineJson.LabelsMemo labels) {
        List<RawLine> lines = new ArrayList<>();
        List<RawLines.Malformed> malformed = new ArrayList<>();
        int documents = 0;
        for (int from = 0; from <= bytes.length; ) {
            int to = from;
            while (to < bytes.length && bytes[to] != '\n') {
                to++;
            }
            if (!blank(bytes, from, to)) {
                documents++;
                Read read = document(bytes, from, to, labels);
                if (read.line() != null) {
                    lines.add(read.line());
                } else {
                    malformed.add(new RawLines.Malformed(documents,
                        new String(bytes, from, to - from, StandardCharsets.UTF_8), read.problem()));
                }
            }
            from = to + 1;
        }
        if (malformed.isEmpty() && documents > 0) {
            return new RawLines(lines, List.of());
        }
        if (lines.isEmpty()) {
            // One document spread over several lines (pretty-printed) is still one raw line.
            Read whole = document(bytes, 0, bytes.length, labels);
            if (whole.line() != null) {
                return RawLines.of(whole.line());
            }
            throw new SerializationException(documents <= 1 ? whole.problem()
                : "none of the record's " + documents + " documents is a raw line; the first: "
                    + malformed.get(0).problem(), whole.cause());
        }
        return new RawLines(lines, malformed);
    }

    private record Read(RawLine line, String problem, Exception cause) {
        static Read refused(String problem) {
            return new Read(null, problem, null);
        }
    }

    private static Read document(byte[] bytes, int from, int to, RawLineJson.LabelsMemo labels) {
        RawLine line;
        try {
            line = RawLineSerde.read(bytes, from, to, labels);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return new Read(null, "not a valid RawLine JSON record: " + why, e);
        }
        if (line == null) {
            return Read.refused("not a valid RawLine JSON record: null");
        }
        if (line.line() == null) {
            return Read.refused("raw line record without a 'line' field");
        }
        try {
            line.tsNanos();
        } catch (NumberFormatException e) {
            return Read.refused("raw line record whose 'ts' is not nanoseconds: " + line.ts());
        }
        return new Read(line, null, null);
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
