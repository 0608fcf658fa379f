package io.flowpolicy.model;

import java.util.List;

/**
 * The lines of one record of the raw topic. A record holds one {@link RawLine} JSON document, or several of one node
 * separated by newlines (JSON Lines): flowpolicy's ingest puts up to {@link #MAX_LINES} lines in a record, because
 * the broker, the clients and Kafka Streams cost about as much per record as the pipeline spends on a line.
 *
 * @param lines     the record's lines, in order
 * @param malformed the documents of a record of several that are not raw lines, in order; a record that holds
 *                  nothing else is refused whole by the deserializer, as before records held several lines
 */
public record RawLines(List<RawLine> lines, List<Malformed> malformed) {
    /** At most this many lines go into one record, ... */
    public static final int MAX_LINES = 64;
    /** ... and no more bytes than this, unless a single line is larger. */
    public static final int MAX_BYTES = 64 * 1024;

    public RawLines {
        lines = List.copyOf(lines);
        malformed = List.copyOf(malformed);
    }

    public static RawLines of(RawLine... lines) {
        return new RawLines(List.of(lines), List.of());
    }

    public static RawLines of(List<RawLine> lines) {
        return new RawLines(lines, List.of());
    }

    /**
     * A document of a record of several that is not a raw line.
     *
     * @param document its number in the record, from 1
     * @param text     its text (bytes that are not UTF-8 replaced)
     * @param problem  what is wrong with it
     */
    public record Malformed(int document, String text, String problem) {
    }
}
