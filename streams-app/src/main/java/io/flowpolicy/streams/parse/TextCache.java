package io.flowpolicy.streams.parse;

/**
 * Hands out one shared String for a short text that repeats on nearly every line (interface names, the policy of a
 * Calico 3.32 prefix, the syslog host), so that parsing a line does not copy it again. A node has a few dozen
 * interfaces and policies, so a small direct-mapped table keeps them all.
 *
 * <p>Thread-safe without locks: a slot only ever holds a complete, immutable String (safely published through its
 * final fields), and a lost race merely costs one more copy.
 */
final class TextCache {
    private static final int SLOTS = 256;
    /** Longer texts are rare and would only push the common ones out. */
    private static final int MAX_LENGTH = 64;

    private final String[] slots = new String[SLOTS];

    /** {@code line.substring(from, to)}, or an equal String handed out before. */
    String text(String line, int from, int to) {
        int length = to - from;
        if (length > MAX_LENGTH) {
            return line.substring(from, to);
        }
        if (length == 0) {
            return "";
        }
        // The length, the last and the middle character tell interface names apart (cali + a hash, eth0, eth1,
        // ...) without a pass over the text before the comparison; a collision only costs a copy.
        int hash = length * 961 + line.charAt(to - 1) * 31 + line.charAt(from + length / 2);
        int slot = (hash ^ hash >>> 8) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && cached.length() == length && line.startsWith(cached, from)) {
            return cached;
        }
        String text = line.substring(from, to);
        slots[slot] = text;
        return text;
    }
}
