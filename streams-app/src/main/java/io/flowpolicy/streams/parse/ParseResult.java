package io.flowpolicy.streams.parse;

/** Outcome of parsing one line: either the parsed flow, or the reason the line was rejected. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Rejected {

    /** A line that was a well-formed Calico LOG line. */
    record Parsed(ParsedFlow flow) implements ParseResult {
    }

    /**
     * A line that was not used.
     *
     * @param reason one of the {@link RejectReason} constants, stable across releases (metrics and topics key on it)
     * @param detail a short human explanation naming the offending token; not stable
     */
    record Rejected(String reason, String detail) implements ParseResult {
    }
}
