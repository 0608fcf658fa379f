package io.flowpolicy.streams.parse;

/**
 * Finds an optional syslog or journal header ({@code <timestamp> <host> kernel: }) in front of the log prefix,
 * as written by rsyslog, {@code journalctl -o short[-iso]} or a syslog forwarder. The timestamp format varies
 * (BSD {@code Sep  5 14:34:40}, RFC 3339), so only the {@code <host> kernel:} pair is relied on.
 */
final class SyslogHeader {
    private static final String KERNEL = " kernel:";

    private SyslogHeader() {
    }

    /**
     * Locates the header in {@code line[0, limit)}.
     *
     * @return -1 when there is none, else {@code hostStart << 32 | hostEnd}; the header ends after
     *     {@code hostEnd + " kernel:".length()}
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
        return hostStart == kernel ? -1 : ((long) hostStart << 32) | kernel;
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
