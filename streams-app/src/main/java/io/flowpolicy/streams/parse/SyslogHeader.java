package io.flowpolicy.streams.parse;

/**
 * Finds an optional syslog or journal header ({@code <timestamp> <host> kernel: }) in front of the log prefix,
 * as written by rsyslog, {@code journalctl -o short[-iso]} or a syslog forwarder. The timestamp format varies
 * (BSD {@code Sep  5 14:34:40}, RFC 3339), so only the {@code <host> kernel:} pair is relied on; a header whose
 * word before {@code kernel:} is the time itself ({@code May 18 10:00:00 kernel:}) has no host.
 */
final class SyslogHeader {
    private static final String KERNEL = " kernel:";

    private SyslogHeader() {
    }

    /**
     * Locates the header in {@code line[0, limit)}.
     *
     * @return -1 when there is none, else {@code hostStart << 32 | hostEnd}, both at {@code " kernel:"} when the
     *     header names no host; the header ends after {@code hostEnd + " kernel:".length()}
     */
    static long find(String line, int limit) {
        int kernel = line.indexOf(KERNEL);
        if (kernel <= 0 || kernel + KERNEL.length() > limit) {
            return -1;
        }
        int after = kernel + KERNEL.length();
        if (after < limit && line.charAt(after) != ' ') {
            return -1;
        }
        int hostStart = kernel;
        while (hostStart > 0 && line.charAt(hostStart - 1) != ' ') {
            hostStart--;
        }
        if (hostStart == kernel) {
            return -1;
        }
        if (isTimestamp(line, hostStart, kernel)) {
            hostStart = kernel;
        }
        return ((long) hostStart << 32) | kernel;
    }

    /** Whether the header names a host: false for {@code May 18 10:00:00 kernel:}. */
    static boolean hasHost(long header) {
        return hostStart(header) < hostEnd(header);
    }

    /**
     * Whether {@code line[from, to)} is a time stamp rather than a host name: a time of day {@code hh:mm:ss} at its
     * start (BSD) or after a 'T' (RFC 3339), followed by its end, a fraction or a zone. A host name holds no ':',
     * and an IPv6 address never has two-digit groups followed by one of those.
     */
    private static boolean isTimestamp(String line, int from, int to) {
        if (isTimeOfDay(line, from, to)) {
            return true;
        }
        for (int t = from + 1; t < to; t++) {
            if (line.charAt(t) == 'T') {
                return isTimeOfDay(line, t + 1, to);
            }
        }
        return false;
    }

    private static boolean isTimeOfDay(String line, int from, int to) {
        if (to - from < 8 || !twoDigits(line, from) || line.charAt(from + 2) != ':' || !twoDigits(line, from + 3)
            || line.charAt(from + 5) != ':' || !twoDigits(line, from + 6)) {
            return false;
        }
        if (to - from == 8) {
            return true;
        }
        char next = line.charAt(from + 8);
        return next == '.' || next == ',' || next == 'Z' || next == '+' || next == '-';
    }

    private static boolean twoDigits(String line, int at) {
        char first = line.charAt(at);
        char second = line.charAt(at + 1);
        return first >= '0' && first <= '9' && second >= '0' && second <= '9';
    }

    static int hostStart(long header) {
        return (int) (header >>> 32);
    }

    static int hostEnd(long header) {
        return (int) header;
    }

    static int headerEnd(long header) {
        return hostEnd(header) + KERNEL.length();
    }
}
