package io.flowpolicy.streams.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Validates an IP literal inside a line and returns its canonical text (RFC 5952 for IPv6), without
 * {@link java.net.InetAddress}: this runs twice per line on the hot path and must neither allocate much nor ever
 * resolve a name.
 */
final class IpText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX_VALUES = hexValues();
    private static final byte[] MAPPED_PREFIX = "::ffff:".getBytes(StandardCharsets.ISO_8859_1);
    /** The kernel's {@code %pI6} form: eight groups of four hex digits. */
    private static final int FULL_IPV6_LENGTH = 39;

    private IpText() {
    }

    /** The canonical text of {@code text[from, to)}, or null when it is not a valid IPv4 or IPv6 literal. */
    static String canonical(String text, int from, int to) {
        // Kernel %pI4 output is already canonical, so the substring is the answer.
        return ipv4Value(text, from, to) >= 0 ? text.substring(from, to) : canonicalIpv6(text, from, to);
    }

    /** The RFC 5952 text of an IPv6 literal {@code text[from, to)}, or null when it is not one. */
    static String canonicalIpv6(String text, int from, int to) {
        if (to - from < 2 || to - from > 45) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                int[] groups = ipv6Groups(text, from, to);
                return groups == null ? null : formatIpv6(groups);
            }
        }
        return null;
    }

    /** The 32-bit value of a strict dotted quad (no leading zeros, which some parsers read as octal), or -1. */
    static long ipv4Value(String text, int from, int to) {
        if (to - from < 7 || to - from > 15) {
            return -1;
        }
        long value = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && octet == 0) {
                    return -1; // a leading zero
                }
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                value = (value << 8) | octet;
                octet = 0;
                digits = 0;
                dots++;
            } else {
                return -1;
            }
        }
        return digits > 0 && dots == 3 ? (value << 8) | octet : -1;
    }

    private static int[] ipv6Groups(String text, int from, int to) {
        int[] groups = new int[8];
        if (to - from == FULL_IPV6_LENGTH && fullForm(text, from, groups)) {
            return groups;
        }
        int count = 0;
        int gap = -1;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int end = i;
            while (end < to && text.charAt(end) != ':') {
                end++;
            }
            if (end == to && text.lastIndexOf('.', to - 1) >= i) {
                long v4 = count <= 6 ? ipv4Value(text, i, to) : -1;
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                break;
            }
            int group = hexGroup(text, i, end);
            if (group < 0 || count == 8) {
                return null;
            }
            groups[count++] = group;
            if (end == to) {
                break;
            }
            i = end + 1;
            if (i < to && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            } else if (i == to) {
                return null;
            }
        }
        return expand(groups, count, gap);
    }

    private static boolean fullForm(String text, int from, int[] groups) {
        for (int g = 0; g < 8; g++) {
            int start = from + g * 5;
            if (g < 7 && text.charAt(start + 4) != ':') {
                return false;
            }
            int value = hexGroup(text, start, start + 4);
            if (value < 0) {
                return false;
            }
            groups[g] = value;
        }
        return true;
    }

    private static int[] expand(int[] groups, int count, int gap) {
        if (gap < 0) {
            return count == 8 ? groups : null;
        }
        if (count > 7) {
            return null;
        }
        int tail = count - gap;
        System.arraycopy(groups, gap, groups, 8 - tail, tail);
        for (int g = gap; g < 8 - tail; g++) {
            groups[g] = 0;
        }
        return groups;
    }

    private static int hexGroup(String text, int from, int to) {
        if (to <= from || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** A table rather than range tests: digits and letters alternate unpredictably in addresses. */
    private static int hexDigit(char c) {
        return c < HEX_VALUES.length ? HEX_VALUES[c] : -1;
    }

    private static byte[] hexValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < 16; i++) {
            values[HEX[i]] = (byte) i;
            values[Character.toUpperCase(HEX[i])] = (byte) i;
        }
        return values;
    }

    private static String formatIpv6(int[] groups) {
        // Bytes, not chars: the text is ASCII, and a String takes Latin-1 bytes as they are.
        byte[] out = new byte[45];
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
            && groups[5] == 0xffff) {
            return mapped(groups, out);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int g = 0; g < 8; ) {
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > bestLength) {
                bestStart = g;
                bestLength = end - g;
            }
            g = end == g ? g + 1 : end;
        }
        int n = 0;
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out[n++] = ':';
                out[n++] = ':';
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength) {
                out[n++] = ':';
            }
            n = writeHex(groups[g], out, n);
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String mapped(int[] groups, byte[] out) {
        System.arraycopy(MAPPED_PREFIX, 0, out, 0, MAPPED_PREFIX.length);
        int n = writeDecimal(groups[6] >>> 8, out, MAPPED_PREFIX.length);
        out[n++] = '.';
        n = writeDecimal(groups[6] & 0xff, out, n);
        out[n++] = '.';
        n = writeDecimal(groups[7] >>> 8, out, n);
        out[n++] = '.';
        n = writeDecimal(groups[7] & 0xff, out, n);
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static int writeHex(int value, byte[] out, int n) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (value >>> shift) & 0xf;
            if (digit != 0 || started || shift == 0) {
                out[n++] = HEX[digit];
                started = true;
            }
        }
        return n;
    }

    private static int writeDecimal(int value, byte[] out, int n) {
        if (value >= 100) {
            out[n++] = (byte) ('0' + value / 100);
        }
        if (value >= 10) {
            out[n++] = (byte) ('0' + value / 10 % 10);
        }
        out[n++] = (byte) ('0' + value % 10);
        return n;
    }
}
