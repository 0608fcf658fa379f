package io.flowpolicy.streams.parse;

import java.util.Set;

/**
 * The stable reasons a line is rejected by {@link CalicoLineParser}. Values are kebab-case strings that metrics,
 * the rejected-lines topic and dashboards key on: never rename one, only add.
 *
 * <p>Where a line could have been cut short (it ends where the kernel always prints more), the parser answers
 * {@link #TRUNCATED} rather than a more specific reason, so that a cut line is never mistaken for a valid one
 * with a shortened address or port.
 */
public final class RejectReason {
    /** The line is null, empty or only whitespace. */
    public static final String EMPTY = "empty";
    /** The line is longer than the parser's maximum line length. */
    public static final String TOO_LONG = "too-long";
    /** The line holds NUL, another C0 control other than tab, or DEL (a trailing CR/LF is tolerated). */
    public static final String CONTROL_CHARACTERS = "control-characters";
    /** The line holds a lone UTF-16 surrogate, i.e. it was decoded from invalid text. */
    public static final String UNPAIRED_SURROGATE = "unpaired-surrogate";
    /** No {@code IN=} field, or the text before it does not contain the configured prefix (e.g. a UFW line). */
    public static final String FOREIGN_LINE = "foreign-line";
    /** The line ends inside the header fields, where the kernel always prints more. */
    public static final String TRUNCATED = "truncated";
    /** {@code IN=} is not followed by {@code OUT=}, which the kernel always prints next. */
    public static final String MISSING_OUT = "missing-out";
    /** No {@code SRC=} field although later fields are present. */
    public static final String MISSING_SRC = "missing-src";
    /** No {@code DST=} field although later fields are present. */
    public static final String MISSING_DST = "missing-dst";
    /** {@code SRC=} or {@code DST=} is not a valid IPv4 or IPv6 literal. */
    public static final String BAD_IP = "bad-ip";
    /** {@code SRC=} and {@code DST=} are of different IP families. */
    public static final String MIXED_IP_VERSIONS = "mixed-ip-versions";
    /** No {@code PROTO=} field although later fields are present. */
    public static final String MISSING_PROTO = "missing-proto";
    /** {@code PROTO=} is neither a protocol name the kernel prints nor a number 0–255. */
    public static final String UNKNOWN_PROTO = "unknown-proto";
    /** TCP, UDP or UDPLite without {@code DPT=} (and not a fragment). */
    public static final String MISSING_PORT = "missing-port";
    /** ICMP or ICMPv6 without {@code TYPE=} or {@code CODE=} (and not a fragment). */
    public static final String MISSING_ICMP_TYPE = "missing-icmp-type";
    /** A port, ICMP type/code or mark is not a number or out of range (port > 65535, type or code > 255). */
    public static final String BAD_NUMBER = "bad-number";
    /** A field that the kernel prints once (outside an ICMP error's inner packet) appears twice. */
    public static final String DUPLICATE_FIELD = "duplicate-field";
    /** Fields appear in an order the kernel never prints (e.g. {@code DST=} before {@code SRC=}). */
    public static final String OUT_OF_ORDER = "out-of-order";
    /**
     * A well-formed line without a transport header: a non-first IP fragment ({@code FRAG:} non-zero) or a packet
     * the kernel marked {@code INCOMPLETE}. Not malformed, but it carries no port to allow.
     */
    public static final String NO_L4_HEADER = "no-l4-header";

    /** Every reason above. */
    public static final Set<String> ALL = Set.of(EMPTY, TOO_LONG, CONTROL_CHARACTERS, UNPAIRED_SURROGATE,
        FOREIGN_LINE, TRUNCATED, MISSING_OUT, MISSING_SRC, MISSING_DST, BAD_IP, MIXED_IP_VERSIONS, MISSING_PROTO,
        UNKNOWN_PROTO, MISSING_PORT, MISSING_ICMP_TYPE, BAD_NUMBER, DUPLICATE_FIELD, OUT_OF_ORDER, NO_L4_HEADER);

    private RejectReason() {
    }
}
