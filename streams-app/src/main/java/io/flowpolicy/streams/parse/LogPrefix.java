package io.flowpolicy.streams.parse;

/**
 * The configured Felix {@code logPrefix} and where a line prints it. Immutable and thread-safe.
 *
 * <p>Calico 3.32 expands the placeholders {@code %t} (tier), {@code %k} (kind), {@code %n} (name) and {@code %p}
 * (namespace/name) per rule, so a line is matched by the literal text before the first placeholder, separators at
 * its end left out: {@code calico-packet %k %p} by {@code calico-packet}. The expansion and any text after it count
 * as the policy. A prefix that starts with a placeholder ({@code %t-%n}) has no literal text: the prefix is then
 * whatever stands between a syslog header (or the line start) and {@code IN=}, if it holds only characters Felix
 * allows in one.
 *
 * <p>The literal text must stand as a word of its own: {@code my-calico-packet-drop: IN=…} is not a line of
 * {@code calico-packet}. It may be glued to what follows only where the configured prefix glues a placeholder to
 * it ({@code calico-packet-%n}).
 *
 * <p>iptables keeps only the first {@value #IPTABLES_MAX} characters of a prefix, {@code ": "} included, so a long
 * (expanded) prefix loses its separator and {@code IN=} follows it directly:
 * {@code calico-packet np payments/egrIN=…}. Such a line, like the bare nftables form {@code calico-packetIN=…}, is
 * accepted when the text between the prefix and {@code IN=} holds only characters Felix allows in a prefix.
 */
final class LogPrefix {
    /** iptables' LOG target keeps this many characters of a prefix ({@code xt_LOG}: {@code prefix[30]}). */
    static final int IPTABLES_MAX = 29;

    private final String configured;
    /** The configured text before its first placeholder, separators at its end left out; may be empty. */
    private final String literal;
    /** The literal as iptables prints it: its first {@value #IPTABLES_MAX} characters. */
    private final String head;
    private final String literalWithSeparator;
    /** Whether the literal must be followed by a separator or IN= (false when a placeholder is glued to it). */
    private final boolean endsWord;

    /**
     * @throws IllegalArgumentException when the prefix is null, blank, or holds characters Felix rejects
     */
    LogPrefix(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("prefix is null or blank: '" + configured + "'");
        }
        if (!isAllowed(configured)) {
            throw new IllegalArgumentException(
                "prefix must match Felix's ^[a-zA-Z0-9%: /_-]*$ and not contain IN=: '" + configured + "'");
        }
        int placeholder = firstPlaceholder(configured);
        int end = placeholder < 0 ? configured.length() : placeholder;
        while (end > 0 && isSeparator(configured.charAt(end - 1))) {
            end--;
        }
        this.configured = configured;
        this.literal = configured.substring(0, end);
        this.head = literal.substring(0, Math.min(literal.length(), IPTABLES_MAX));
        this.literalWithSeparator = literal + ": ";
        this.endsWord = placeholder < 0 || end < placeholder;
    }

    /** The configured prefix, placeholders unexpanded. */
    String text() {
        return configured;
    }

    /** Whether the prefix starts at {@code pos} and ends by {@code in}, where {@code IN=} starts. */
    boolean startsAt(String line, int pos, int in) {
        int end = pos + literal.length();
        return !literal.isEmpty() && end <= in && line.startsWith(literal, pos) && startsWord(line, pos)
            && endsWord(line, end, in);
    }

    /**
     * Whether {@code IN=} at {@code in}, glued to the text before it, ends a prefix: the text back to the prefix
     * holds only characters Felix allows in one (the prefix cut by iptables, or the bare nftables form).
     */
    boolean endsGluedPrefix(String line, int in) {
        int run = in;
        while (run > 0 && isExpanded(line.charAt(run - 1))) {
            run--;
        }
        return run < in && find(line, run, in) >= 0;
    }

    /** Where the prefix starts in {@code line[from, in)}, the first place it stands as a word; -1 when nowhere. */
    int find(String line, int from, int in) {
        if (literal.isEmpty()) {
            return findWithoutLiteral(line, from, in);
        }
        for (int at = indexOfHead(line, from, in); at >= 0; at = indexOfHead(line, at + 1, in)) {
            int end = literalEnd(line, at, in);
            if (end >= 0 && startsWord(line, at) && endsWord(line, end, in)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * The first place in {@code line[from, in)} that starts with the head; -1 when none. Unlike String.indexOf it
     * never reads past {@code in}, so that looking back from every glued IN= of a line stays linear.
     */
    private int indexOfHead(String line, int from, int in) {
        char first = head.charAt(0);
        for (int i = from, last = in - head.length(); i <= last; i++) {
            if (line.charAt(i) == first && line.startsWith(head, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Where the literal found at {@code start} ends: the policy text, if any, follows up to {@code in}. */
    int textEnd(int start, int in) {
        // Only a literal that iptables cut reaches past IN=.
        return Math.min(start + literal.length(), in);
    }

    /** Where the literal whose head is at {@code at} ends: in full, or cut by iptables right before IN=; else -1. */
    private int literalEnd(String line, int at, int in) {
        if (head.length() == literal.length()) {
            return at + literal.length();
        }
        if (at + literal.length() <= in && line.startsWith(literal, at)) {
            return at + literal.length();
        }
        return at + head.length() == in ? in : -1;
    }

    /** The prefix as printed, {@code line[start, in)}; the two common spellings are shared constants. */
    String printed(String line, int start, int in, TextCache texts) {
        int length = in - start;
        int separator = start + literal.length();
        // The literal itself is known to be there: only the separator is left to compare.
        if (length == literalWithSeparator.length() && line.charAt(separator) == ':'
            && line.charAt(separator + 1) == ' ') {
            return literalWithSeparator;
        }
        return length == literal.length() ? literal : texts.text(line, start, in);
    }

    /** After a syslog header (or at the line start) and the kernel's framing, a non-empty text Felix could print. */
    private static int findWithoutLiteral(String line, int from, int in) {
        int start = skipKernelFraming(line, skipBlanks(line, from, in), in);
        for (int i = start; i < in; i++) {
            if (!isExpanded(line.charAt(i))) {
                return -1;
            }
        }
        return start < in ? start : -1;
    }

    /**
     * After what the kernel and its readers print before a message, each optional: a /dev/kmsg record header
     * ({@code 6,1234,5678,-;}) or a printk level ({@code <5>}), then a time stamp in brackets.
     */
    private static int skipKernelFraming(String line, int at, int in) {
        int start = skipPrintkLevel(line, skipKmsgHeader(line, at, in), in);
        if (start < in && line.charAt(start) == '[') {
            start = skipBlanks(line, skipKernelTimestamp(line, start, in), in);
        }
        return start;
    }

    /** After {@code <5>}, or {@code at} itself. */
    private static int skipPrintkLevel(String line, int at, int in) {
        if (at >= in || line.charAt(at) != '<') {
            return at;
        }
        int end = skipDigits(line, at + 1, in);
        return end > at + 1 && end < in && line.charAt(end) == '>' ? end + 1 : at;
    }

    /** After {@code <level>,<sequence>,<microseconds>,<flags>[,…];}, or {@code at} itself. */
    private static int skipKmsgHeader(String line, int at, int in) {
        int i = at;
        for (int field = 0; field < 3; field++) {
            int end = skipDigits(line, i, in);
            if (end == i || end >= in || line.charAt(end) != ',') {
                return at;
            }
            i = end + 1;
        }
        for (; i < in; i++) {
            char c = line.charAt(i);
            if (c == ';') {
                return i + 1;
            }
            if (isBlank(c)) {
                return at;
            }
        }
        return at;
    }

    private static int skipDigits(String line, int from, int in) {
        int i = from;
        while (i < in && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * After a time stamp in brackets, seconds since boot ({@code [158271.044316]}) or {@code dmesg -T}'s
     * ({@code [Mon Jan 12 10:00:00 2026]}); {@code at} itself when the bracket holds anything else, such as
     * {@code [UFW BLOCK]}.
     */
    private static int skipKernelTimestamp(String line, int at, int in) {
        boolean digit = false;
        for (int i = at + 1; i < in; i++) {
            char c = line.charAt(i);
            if (c == ']') {
                return digit ? i + 1 : at;
            }
            digit |= c >= '0' && c <= '9';
            boolean timeChar = c == ' ' || c == '.' || c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z');
            if (!timeChar) {
                return at;
            }
        }
        return at;
    }

    private static int skipBlanks(String line, int from, int to) {
        int i = from;
        while (i < to && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Whether the literal at {@code at} starts a word: {@code my-calico-packet-drop} holds {@code calico-packet} but
     * is another prefix, while {@code <4>calico-packet} (a printk level) or {@code -;calico-packet} (/dev/kmsg) are
     * the kernel's own framing.
     */
    private boolean startsWord(String line, int at) {
        return at == 0 || !isWordChar(line.charAt(at - 1)) || isSeparator(literal.charAt(0));
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** After the literal comes a blank or ':' (a policy or the separator), or IN= itself (the bare nftables form). */
    private boolean endsWord(String line, int end, int in) {
        return !endsWord || end == in || isSeparator(line.charAt(end));
    }

    /** Felix replaces {@code %[tknp]} in one pass; {@code %%t} is no escape, and a lone '%' stays as it is. */
    private static int firstPlaceholder(String prefix) {
        for (int i = prefix.indexOf('%'); i >= 0 && i + 1 < prefix.length(); i = prefix.indexOf('%', i + 1)) {
            char c = prefix.charAt(i + 1);
            if (c == 't' || c == 'k' || c == 'n' || c == 'p') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == ':' || c == '\t';
    }

    /**
     * A character of a prefix as printed: what Felix allows in {@code logPrefix}, and the '.' that the names its
     * placeholders expand to may hold ({@code gnp default.egress}).
     */
    static boolean isExpanded(char c) {
        return isAllowed(c) || c == '.';
    }

    /** Felix's validation of {@code logPrefix}: {@code ^[a-zA-Z0-9%: /_-]*$}. */
    static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '%' || c == ':' || c == ' ' || c == '/' || c == '_' || c == '-';
    }

    private static boolean isAllowed(String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (!isAllowed(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
