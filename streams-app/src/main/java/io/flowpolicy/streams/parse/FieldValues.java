package io.flowpolicy.streams.parse;

/** Parses the small values of header fields (protocol, decimal numbers, the hex mark) without allocating. */
final class FieldValues {
    static final String TCP = "TCP";
    static final String UDP = "UDP";
    static final String UDPLITE = "UDPLite";
    static final String SCTP = "SCTP";
    static final String ICMP = "ICMP";
    static final String ICMPV6 = "ICMPv6";
    private static final String[] NUMBERS = new String[256];

    static {
        for (int i = 0; i < NUMBERS.length; i++) {
            NUMBERS[i] = Integer.toString(i);
        }
    }

    private FieldValues() {
    }

    /**
     * The protocol of {@code PROTO=} spelt as Calico policies spell it, or null when unknown. AH and ESP become
     * their numbers because Calico policies name them only by number; 132 becomes SCTP.
     */
    static String protocol(String line, int from, int to) {
        int length = to - from;
        // The kernel prints TCP and UDP in upper case: test those exactly before any case-insensitive comparison.
        if (length == 3 && line.charAt(from + 2) == 'P') {
            char c0 = line.charAt(from);
            char c1 = line.charAt(from + 1);
            if (c0 == 'T' && c1 == 'C') {
                return TCP;
            }
            if (c0 == 'U' && c1 == 'D') {
                return UDP;
            }
        }
        if (length > 0 && line.charAt(from) >= '0' && line.charAt(from) <= '9') {
            int number = decimal(line, from, to, 255);
            if (number < 0) {
                return null;
            }
            return number == 132 ? SCTP : NUMBERS[number];
        }
        switch (length) {
            case 2:
                return is(line, from, "AH") ? "51" : null;
            case 3:
                return is(line, from, TCP) ? TCP : is(line, from, UDP) ? UDP : is(line, from, "ESP") ? "50" : null;
            case 4:
                return is(line, from, ICMP) ? ICMP : is(line, from, SCTP) ? SCTP : null;
            case 6:
                return is(line, from, ICMPV6) ? ICMPV6 : null;
            case 7:
                return is(line, from, UDPLITE) ? UDPLITE : null;
            default:
                return null;
        }
    }

    /** True when {@code PROTO=} held a number, so a bad value is a range error rather than an unknown name. */
    static boolean isNumeric(String line, int from, int to) {
        return to > from && line.charAt(from) >= '0' && line.charAt(from) <= '9';
    }

    static boolean requiresPort(String protocol) {
        return protocol == TCP || protocol == UDP || protocol == UDPLITE;
    }

    static boolean isIcmp(String protocol) {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /**
     * Whether the kernel always prints more after {@code DPT=} or {@code CODE=} for this packet, so that a line
     * ending there was cut (and its last number may be cut too).
     */
    static boolean trailerRequired(String protocol, int icmpType) {
        if (requiresPort(protocol)) {
            return true; // TCP prints WINDOW=, UDP and UDP-Lite the UDP LEN=
        }
        if (protocol == ICMP) {
            // echo/echo-reply: ID= SEQ=; errors: the inner [...] packet; parameter problem: PARAMETER=
            return icmpType == 0 || icmpType == 8 || icmpType == 3 || icmpType == 4 || icmpType == 5
                || icmpType == 11 || icmpType == 12;
        }
        if (protocol == ICMPV6) {
            return icmpType == 128 || icmpType == 129 || (icmpType >= 1 && icmpType <= 4);
        }
        return false;
    }

    /** The decimal value of {@code line[from, to)} when it is at most {@code max}, else -1. */
    static int decimal(String line, int from, int to, int max) {
        if (to <= from || to - from > 10) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > max ? -1 : (int) value;
    }

    /** The value of a {@code 0x}-prefixed 32-bit hex number such as the skb mark, else -1. */
    static long hex32(String line, int from, int to) {
        if (to - from < 3 || to - from > 10 || line.charAt(from) != '0'
            || (line.charAt(from + 1) != 'x' && line.charAt(from + 1) != 'X')) {
            return -1;
        }
        long value = 0;
        for (int i = from + 2; i < to; i++) {
            char c = line.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** Protocol names are compared ignoring case: the kernel prints upper case, other loggers may not. */
    private static boolean is(String line, int from, String name) {
        return line.regionMatches(true, from, name, 0, name.length());
    }
}
