package io.flowpolicy.streams.parse;

import io.flowpolicy.streams.parse.ParseResult.Parsed;
import io.flowpolicy.streams.parse.ParseResult.Rejected;

/**
 * Parses one kernel LOG line written by a Calico {@code Log} rule (iptables or nftables) into a {@link ParsedFlow}.
 *
 * <p>Accepts the line as Loki or journald stores it ({@code calico-packet: IN=…}), the bare nftables prefix of
 * Calico 3.29–3.31 ({@code calico-packetIN=…}), Calico 3.32 placeholder prefixes
 * ({@code calico-packet np payments/egress-logger: IN=…}, configured as {@code calico-packet %k %p} or, as the
 * text before the placeholders, {@code calico-packet}) and an optional syslog header
 * ({@code Sep  5 14:34:40 node-1 kernel: [158271.044316] calico-packet: IN=…}). A line whose first non-blank
 * character is '{' is read as a journal entry shipped as JSON ({@code {"MESSAGE":"calico-packet: IN=…",
 * "_HOSTNAME":"node-1",…}}): its {@code MESSAGE} is parsed, with {@code _HOSTNAME} as the syslog host.
 *
 * <p>Pure: safe to share between threads (its only state is a lock-free cache of repeated texts such as interface
 * names), does no I/O, and {@link #parse} never throws. Every
 * line that is not a complete, well-formed Calico LOG line is answered with a {@link Rejected} whose reason is
 * one of {@link RejectReason}.
 */
public final class CalicoLineParser {
    /** Felix's default {@code logPrefix}. */
    public static final String DEFAULT_PREFIX = "calico-packet";
    /** Kernel LOG lines are under 1 KiB even with an ICMP error's inner packet; anything far longer is not one. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
    private static final String IN_FIELD = "IN=";

    private final LogPrefix prefix;
    private final int maxLineLength;
    private final TextCache texts = new TextCache();

    /**
     * @param prefix        the Felix {@code logPrefix} before placeholder expansion, e.g. {@code calico-packet} or
     *                      {@code calico-packet %k %p}
     * @param maxLineLength longer lines are rejected as {@link RejectReason#TOO_LONG} before any scanning
     * @throws IllegalArgumentException when the prefix is null, blank, holds {@code IN=} or characters Felix
     *     rejects, or when {@code maxLineLength < 16}
     */
    public CalicoLineParser(String prefix, int maxLineLength) {
        this.prefix = new LogPrefix(prefix);
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("maxLineLength < 16: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** A parser for the default prefix {@value #DEFAULT_PREFIX} and lines up to {@value #DEFAULT_MAX_LINE_LENGTH}. */
    public CalicoLineParser() {
        this(DEFAULT_PREFIX, DEFAULT_MAX_LINE_LENGTH);
    }

    /** Parses one line; never throws, whatever the input (null included). */
    public ParseResult parse(String line) {
        if (line == null) {
            return new Rejected(RejectReason.EMPTY, "null line");
        }
        if (line.length() > maxLineLength) {
            return new Rejected(RejectReason.TOO_LONG, "line length " + line.length() + " > " + maxLineLength);
        }
        int end = trimmedEnd(line);
        if (end == 0 || line.isBlank()) {
            return new Rejected(RejectReason.EMPTY, "blank line");
        }
        if (JournalJson.isObject(line, end)) {
            return parseJournalEntry(line, end);
        }
        return parseLogLine(line, end, null);
    }

    /** A journal entry shipped as JSON: its MESSAGE is the LOG line and its _HOSTNAME the syslog host. */
    private ParseResult parseJournalEntry(String line, int end) {
        Rejected badText = TextCheck.check(line, end);
        if (badText != null) {
            return badText;
        }
        JournalJson entry = new JournalJson();
        Rejected rejected = entry.read(line);
        if (rejected != null) {
            return rejected;
        }
        String message = entry.message;
        int messageEnd = trimmedEnd(message);
        if (messageEnd == 0 || message.isBlank()) {
            return new Rejected(RejectReason.EMPTY, "blank journal MESSAGE");
        }
        ParseResult result = parseLogLine(message, messageEnd, entry.hostname);
        // Positions in a detail count in the MESSAGE, not in the JSON line.
        return result instanceof Rejected inMessage
            ? new Rejected(inMessage.reason(), "journal MESSAGE: " + inMessage.detail()) : result;
    }

    /** A LOG line, {@code line[0, end)}; {@code journalHost} overrides the host of a syslog header when not null. */
    private ParseResult parseLogLine(String line, int end, String journalHost) {
        int in = findInField(line, end);
        if (in < 0) {
            return textFirst(line, end, new Rejected(RejectReason.FOREIGN_LINE,
                "no IN= field after a '" + prefix.text() + "' prefix"));
        }
        return parseAt(line, in, end, journalHost);
    }

    /**
     * Bad text outranks every other reason. A line is read in full for it only when it is rejected anyway or when
     * the single scanning pass saw a character that is not printable ASCII: clean lines are read once, not twice.
     */
    private static ParseResult textFirst(String line, int end, ParseResult result) {
        Rejected badText = TextCheck.check(line, end);
        return badText != null ? badText : result;
    }

    private ParseResult parseAt(String line, int in, int end, String journalHost) {
        long header = -1;
        int prefixStart = prefix.startsAt(line, 0, in) ? 0 : -1;
        if (prefixStart < 0) {
            header = SyslogHeader.find(line, in);
            prefixStart = header < 0 ? -1 : prefix.find(line, SyslogHeader.headerEnd(header), in);
            if (prefixStart < 0) {
                // Either no header, or what looked like one ("<name> kernel:") belongs to the prefix itself.
                header = -1;
                prefixStart = prefix.find(line, 0, in);
            }
        }
        if (prefixStart < 0) {
            return textFirst(line, end, new Rejected(RejectReason.FOREIGN_LINE,
                "prefix '" + prefix.text() + "' not found before IN=: " + Details.token(line, 0, in)));
        }
        FieldScanner fields = new FieldScanner(line, end);
        Rejected rejected = fields.scan(in + IN_FIELD.length());
        if (rejected != null) {
            return textFirst(line, end, rejected);
        }
        Rejected badText = allPlainAscii(line, fields, prefixStart, in) ? null : TextCheck.check(line, end);
        if (badText != null) {
            return badText;
        }
        String host = journalHost != null ? journalHost : syslogHost(line, header);
        int port = FieldValues.isIcmp(fields.protocol) ? fields.icmpType : fields.port;
        int ipVersion = fields.srcIpv6 ? 6 : 4;
        return new Parsed(new ParsedFlow(prefix.printed(line, prefixStart, in, texts),
            policy(line, prefixStart, in), host, texts.text(line, fields.inFrom, fields.inTo),
            texts.text(line, fields.outFrom, fields.outTo), fields.srcIp, fields.dstIp, ipVersion, fields.protocol,
            port, fields.icmpCode, fields.mark));
    }

    private String syslogHost(String line, long header) {
        return header < 0 || !SyslogHeader.hasHost(header) ? null
            : texts.text(line, SyslogHeader.hostStart(header), SyslogHeader.hostEnd(header));
    }

    /** Whether every character was seen to be printable ASCII, space or tab, so that TextCheck could only pass. */
    private boolean allPlainAscii(String line, FieldScanner fields, int prefixStart, int in) {
        // The configured prefix is plain ASCII (Felix allows no other): only the text around it is left to look at.
        return fields.plainAscii() && TextCheck.isPlainAscii(line, 0, prefixStart)
            && TextCheck.isPlainAscii(line, prefix.textEnd(prefixStart, in), in);
    }

    /**
     * The first {@code IN=} that starts a field: at the line start, after a blank or ':', or glued to the text of
     * a prefix (the bare nftables form, a prefix cut by iptables). This skips e.g. {@code LOGIN=} in foreign text.
     */
    private int findInField(String line, int end) {
        int from = 0;
        while (true) {
            int in = line.indexOf(IN_FIELD, from);
            if (in < 0 || in >= end) {
                return -1;
            }
            char before = in == 0 ? ' ' : line.charAt(in - 1);
            if (before == ' ' || before == ':' || before == '\t' || prefix.endsGluedPrefix(line, in)) {
                return in;
            }
            from = in + 1;
        }
    }

    /** Calico 3.32 placeholders ({@code %k %p}) put the policy after the configured prefix. */
    private String policy(String line, int prefixStart, int in) {
        int from = prefix.textEnd(prefixStart, in);
        int to = in;
        while (from < to && LogPrefix.isSeparator(line.charAt(from))) {
            from++;
        }
        while (to > from && LogPrefix.isSeparator(line.charAt(to - 1))) {
            to--;
        }
        return from == to ? null : texts.text(line, from, to);
    }

    /** Trailing blanks, and a CR/LF left by a line reader, are not part of the kernel's text. */
    private static int trimmedEnd(String line) {
        int end = line.length();
        while (end > 0) {
            char c = line.charAt(end - 1);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                break;
            }
            end--;
        }
        return end;
    }
}
