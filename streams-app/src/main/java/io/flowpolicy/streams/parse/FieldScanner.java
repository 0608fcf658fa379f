package io.flowpolicy.streams.parse;

import io.flowpolicy.streams.parse.ParseResult.Rejected;

/**
 * Walks the space-separated fields of a LOG line from the value of {@code IN=} to the end, in one pass (tokens are
 * measured by {@link TokenWalker}) and without allocating except for the addresses it returns; the interfaces are
 * returned as positions. One instance per line; not thread-safe.
 *
 * <p>The kernel prints fields in a fixed order, so every field that is returned gets a stage and must appear
 * after the previous returned field: a swapped or duplicated token is rejected rather than silently read as a
 * different port or address. Fields of an ICMP error's inner packet ({@code [SRC=… ]}) are skipped whole.
 */
final class FieldScanner extends TokenWalker {
    private static final int STAGE_IN = 0;
    private static final int STAGE_OUT = 1;
    private static final int STAGE_L2 = 2;
    private static final int STAGE_SRC = 5;
    private static final int STAGE_DST = 6;
    private static final int STAGE_IP = 7;
    private static final int STAGE_PROTO = 8;
    private static final int STAGE_SPT = 9;
    private static final int STAGE_DPT = 10;
    private static final int STAGE_L4 = 11;
    private static final int STAGE_TAIL = 12;

    private int lastTracked = STAGE_IN;
    private int maxStage = STAGE_IN;
    private boolean lastTokenKnown = true;
    private boolean fragment;
    private boolean incomplete;
    /** Where the last L4 field the caller relies on (DPT, CODE) ends, to tell a complete line from a cut one. */
    private int l4End = -1;
    private boolean markSeen;

    /** Where the values of IN= and OUT= lie: the caller makes Strings of them only for a line that is kept. */
    int inFrom;
    int inTo;
    int outFrom;
    int outTo;
    String srcIp;
    String dstIp;
    boolean srcIpv6;
    boolean dstIpv6;
    String protocol;
    int port = -1;
    int sourcePort = -1;
    int icmpType = -1;
    int icmpCode = -1;
    long mark;

    FieldScanner(String line, int end) {
        super(line, end);
    }

    /** Scans from {@code inValue}, the index just after {@code IN=}; null when the line is complete and valid. */
    Rejected scan(int inValue) {
        int pos = inValue;
        int tokenEnd = tokenEnd(pos);
        inFrom = pos;
        inTo = tokenEnd;
        pos = skipSpaces(tokenEnd);
        if (pos >= end) {
            return reject(RejectReason.TRUNCATED, "line ends after IN=");
        }
        tokenEnd = tokenEnd(pos);
        if (!line.startsWith("OUT=", pos) || tokenEnd - pos < 4) {
            boolean last = skipSpaces(tokenEnd) >= end;
            return reject(last ? RejectReason.TRUNCATED : RejectReason.MISSING_OUT,
                "expected OUT= after IN=, found " + Details.token(line, pos, tokenEnd));
        }
        outFrom = pos + 4;
        outTo = tokenEnd;
        lastTracked = STAGE_OUT;
        maxStage = STAGE_OUT;
        pos = skipSpaces(tokenEnd);
        while (pos < end) {
            if (line.charAt(pos) == '[') {
                pos = skipSpaces(skipBracket(pos));
                lastTokenKnown = true;
                continue;
            }
            tokenEnd = tokenEnd(pos);
            int next = skipSpaces(tokenEnd);
            Rejected rejected = token(pos, tokenEnd, next >= end);
            if (rejected != null) {
                return rejected;
            }
            pos = next;
        }
        return finish();
    }

    private Rejected token(int from, int to, boolean last) {
        int eq = firstEquals;
        if (eq < 0) {
            bareWord(from, to);
            return null;
        }
        lastTokenKnown = true;
        int value = eq + 1;
        switch (eq - from) {
            case 2:
                return twoLetterKey(keyCode, from, to);
            case 3:
                return threeLetterKey(keyCode, from, value, to, last);
            case 4:
                return fourLetterKey(keyCode, value, to, last);
            case 5:
                return line.startsWith("PROTO", from) ? proto(value, to, last) : unknownKey();
            default:
                return longKey(from, eq);
        }
    }

    private Rejected twoLetterKey(long key, int from, int to) {
        if (key == KeyCodes.IN) {
            return reject(RejectReason.DUPLICATE_FIELD, "second IN= field " + Details.token(line, from, to));
        }
        if (key == KeyCodes.ID || key == KeyCodes.TC) {
            seen(protocol == null ? STAGE_IP : STAGE_L4);
            return null;
        }
        return unknownKey();
    }

    private Rejected threeLetterKey(long key, int from, int value, int to, boolean last) {
        if (key == KeyCodes.SRC) {
            return address(true, value, to, last);
        }
        if (key == KeyCodes.DST) {
            return address(false, value, to, last);
        }
        if (key == KeyCodes.DPT) {
            return destinationPort(value, to, last);
        }
        if (key == KeyCodes.SPT) {
            return sourcePort(value, to, last);
        }
        if (key == KeyCodes.OUT) {
            return reject(RejectReason.DUPLICATE_FIELD, "second OUT= field " + Details.token(line, from, to));
        }
        if (key == KeyCodes.MAC) {
            seen(STAGE_L2);
        } else if (key == KeyCodes.LEN || key == KeyCodes.TOS || key == KeyCodes.TTL) {
            seen(protocol == null ? STAGE_IP : STAGE_L4);
        } else if (key == KeyCodes.UID || key == KeyCodes.GID) {
            seen(STAGE_TAIL);
        } else {
            // SEQ, ACK, RES, SPI, MTU: transport details we do not return
            seen(STAGE_L4);
        }
        return null;
    }

    private Rejected fourLetterKey(long key, int value, int to, boolean last) {
        if (key == KeyCodes.TYPE) {
            return icmpField(true, value, to, last);
        }
        if (key == KeyCodes.CODE) {
            return icmpField(false, value, to, last);
        }
        if (key == KeyCodes.MARK) {
            return mark(value, to, last);
        }
        seen(key == KeyCodes.PREC ? STAGE_IP : STAGE_L4);
        return null;
    }

    private Rejected longKey(int from, int eq) {
        int length = eq - from;
        // The first character picks the one comparison worth making: most long keys (WINDOW) need none.
        boolean l2 = false;
        boolean ip = false;
        switch (line.charAt(from)) {
            case 'P':
                l2 = line.startsWith("PHYS", from);
                break;
            case 'M':
                l2 = line.startsWith("MAC", from);
                break;
            case 'H':
                ip = line.startsWith("HOPLIMIT", from);
                break;
            case 'F':
                ip = line.startsWith("FLOWLBL", from);
                break;
            default:
                break;
        }
        if (l2) {
            seen(STAGE_L2);
        } else if (ip) {
            seen(STAGE_IP);
        } else if (length >= 6 && length <= 9) {
            seen(STAGE_L4); // WINDOW, PARAMETER, GATEWAY, POINTER, MACSRC, ...
        } else {
            return unknownKey();
        }
        return null;
    }

    private Rejected unknownKey() {
        lastTokenKnown = false;
        return null;
    }

    private void bareWord(int from, int to) {
        // First-character and length tests spare the common flags (DF, SYN, ACK) the string comparisons.
        if (line.charAt(from) == 'F' && line.startsWith("FRAG:", from)) {
            // The kernel prints FRAG: only for a non-zero offset (IPv4) or always (IPv6), so test the value.
            fragment |= FieldValues.decimal(line, from + 5, to, 65535) > 0;
            lastTokenKnown = true;
            return;
        }
        if (protocol != null && to - from == 10 && line.startsWith("INCOMPLETE", from)) {
            incomplete = true;
        }
        boolean flag = true;
        for (int i = from; i < to && flag; i++) {
            char c = line.charAt(i);
            flag = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                || c == ':' || c == '(' || c == ')';
        }
        lastTokenKnown = flag;
    }

    private Rejected address(boolean source, int from, int to, boolean last) {
        String name = source ? "SRC" : "DST";
        Rejected order = track(source ? STAGE_SRC : STAGE_DST, source ? srcIp : dstIp, name);
        if (order != null) {
            return order;
        }
        // As IpText.canonical, but the family falls out of it: kernel %pI4 output is already canonical.
        boolean ipv6 = IpText.ipv4Value(line, from, to) < 0;
        String canonical = ipv6 ? IpText.canonicalIpv6(line, from, to) : line.substring(from, to);
        if (canonical == null) {
            return reject(last ? RejectReason.TRUNCATED : RejectReason.BAD_IP,
                "invalid " + name + "= address " + Details.token(line, from, to));
        }
        if (source) {
            srcIp = canonical;
            srcIpv6 = ipv6;
        } else {
            dstIp = canonical;
            dstIpv6 = ipv6;
        }
        return null;
    }

    private Rejected proto(int from, int to, boolean last) {
        Rejected order = track(STAGE_PROTO, protocol, "PROTO");
        if (order != null) {
            return order;
        }
        protocol = FieldValues.protocol(line, from, to);
        if (protocol == null) {
            String reason = last ? RejectReason.TRUNCATED
                : FieldValues.isNumeric(line, from, to) ? RejectReason.BAD_NUMBER : RejectReason.UNKNOWN_PROTO;
            return reject(reason, "unknown protocol PROTO=" + Details.token(line, from, to));
        }
        return null;
    }

    private Rejected sourcePort(int from, int to, boolean last) {
        if (protocol == null || (!FieldValues.requiresPort(protocol) && protocol != FieldValues.SCTP)) {
            seen(STAGE_SPT);
            return null;
        }
        Rejected order = track(STAGE_SPT, sourcePort < 0 ? null : "", "SPT");
        if (order != null) {
            return order;
        }
        sourcePort = FieldValues.decimal(line, from, to, 65535);
        return sourcePort >= 0 ? null : badNumber("SPT", from, to, last);
    }

    private Rejected destinationPort(int from, int to, boolean last) {
        if (protocol == null || (!FieldValues.requiresPort(protocol) && protocol != FieldValues.SCTP)) {
            seen(STAGE_DPT);
            return null;
        }
        Rejected order = track(STAGE_DPT, port < 0 ? null : "", "DPT");
        if (order != null) {
            return order;
        }
        port = FieldValues.decimal(line, from, to, 65535);
        l4End = to;
        return port >= 0 ? null : badNumber("DPT", from, to, last);
    }

    private Rejected icmpField(boolean type, int from, int to, boolean last) {
        if (!FieldValues.isIcmp(protocol)) {
            seen(type ? STAGE_SPT : STAGE_DPT);
            return null;
        }
        int current = type ? icmpType : icmpCode;
        Rejected order = track(type ? STAGE_SPT : STAGE_DPT, current < 0 ? null : "", type ? "TYPE" : "CODE");
        if (order != null) {
            return order;
        }
        int value = FieldValues.decimal(line, from, to, 255);
        if (type) {
            icmpType = value;
        } else {
            icmpCode = value;
            l4End = to;
        }
        return value >= 0 ? null : badNumber(type ? "TYPE" : "CODE", from, to, last);
    }

    private Rejected mark(int from, int to, boolean last) {
        Rejected order = track(STAGE_TAIL, markSeen ? "" : null, "MARK");
        if (order != null) {
            return order;
        }
        markSeen = true;
        mark = FieldValues.hex32(line, from, to);
        return mark >= 0 ? null : badNumber("MARK", from, to, last);
    }

    private Rejected badNumber(String key, int from, int to, boolean last) {
        return reject(last ? RejectReason.TRUNCATED : RejectReason.BAD_NUMBER,
            "invalid " + key + "=" + Details.token(line, from, to));
    }

    /** Checks a returned field's position: {@code current} is its value so far, null when not yet seen. */
    private Rejected track(int stage, Object current, String key) {
        if (current != null || stage <= lastTracked) {
            return misplaced(current, key);
        }
        lastTracked = stage;
        seen(stage);
        return null;
    }

    /** Kept apart from {@link #track} so that the check on every returned field stays small enough to inline. */
    private static Rejected misplaced(Object current, String key) {
        return current != null ? reject(RejectReason.DUPLICATE_FIELD, "second " + key + "= field")
            : reject(RejectReason.OUT_OF_ORDER, key + "= after a field the kernel prints later");
    }

    private void seen(int stage) {
        maxStage = Math.max(maxStage, stage);
    }

    private Rejected finish() {
        if (srcIp == null) {
            return missing(STAGE_SRC, RejectReason.MISSING_SRC, "SRC= field");
        }
        if (dstIp == null) {
            return missing(STAGE_DST, RejectReason.MISSING_DST, "DST= field");
        }
        if (srcIpv6 != dstIpv6) {
            return reject(RejectReason.MIXED_IP_VERSIONS, "SRC=" + srcIp + " and DST=" + dstIp + " differ in family");
        }
        if (protocol == null) {
            return missing(STAGE_PROTO, RejectReason.MISSING_PROTO, "PROTO= field");
        }
        if (FieldValues.requiresPort(protocol) && port < 0) {
            return fragment || incomplete ? reject(RejectReason.NO_L4_HEADER, "PROTO=" + protocol + " without ports")
                : missing(STAGE_DPT, RejectReason.MISSING_PORT, "DPT= for PROTO=" + protocol);
        }
        if (FieldValues.isIcmp(protocol) && (icmpType < 0 || icmpCode < 0)) {
            return fragment || incomplete ? reject(RejectReason.NO_L4_HEADER, "PROTO=" + protocol + " without TYPE=")
                : missing(icmpType < 0 ? STAGE_SPT : STAGE_DPT, RejectReason.MISSING_ICMP_TYPE,
                    "TYPE= and CODE= for PROTO=" + protocol);
        }
        if (l4End >= 0 && skipSpaces(l4End) >= end && FieldValues.trailerRequired(protocol, icmpType)) {
            return reject(RejectReason.TRUNCATED, "line ends right after " + (port >= 0 ? "DPT=" : "CODE="));
        }
        return null;
    }

    /** A required field is missing: if the line stopped before where it belongs, the line was cut short. */
    private Rejected missing(int stage, String reason, String what) {
        boolean cut = maxStage < stage && lastTokenKnown;
        return reject(cut ? RejectReason.TRUNCATED : reason, (cut ? "line ends before " : "no ") + what);
    }

    private static Rejected reject(String reason, String detail) {
        return new Rejected(reason, detail);
    }
}
