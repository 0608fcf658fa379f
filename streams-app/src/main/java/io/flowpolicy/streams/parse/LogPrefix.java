package io.flowpolicy.streams.parse;

/**
 * The configured Felix {@code logPrefix} and where a line prints it. The prefix must stand as a word of its own:
 * {@code my-calico-packet-drop: IN=…} is not a line of the prefix {@code calico-packet}. Immutable and thread-safe.
 */
final class LogPrefix {
    private final String text;
    private final String textWithSeparator;

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
        this.text = configured;
        this.textWithSeparator = configured + ": ";
    }

    /** The configured prefix. */
    String text() {
        return text;
    }

    /** Whether the prefix starts at {@code pos} and ends by {@code in}, where {@code IN=} starts. */
    boolean startsAt(String line, int pos, int in) {
        int end = pos + text.length();
        return end <= in && line.startsWith(text, pos) && startsWord(line, pos) && endsWord(line, end, in);
    }

    /** The first place in {@code line[from, in)} where the prefix stands as a word; -1 when there is none. */
    int find(String line, int from, int in) {
        int at = line.indexOf(text, from);
        while (at >= 0 && at + text.length() <= in) {
            if (startsWord(line, at) && endsWord(line, at + text.length(), in)) {
                return at;
            }
            at = line.indexOf(text, at + 1);
        }
        return -1;
    }

    /** Where the configured text ends for a prefix found at {@code start}: the policy text, if any, follows. */
    int textEnd(int start) {
        return start + text.length();
    }

    /** The prefix as printed, {@code line[start, in)}; the two common spellings are shared constants. */
    String printed(String line, int start, int in, TextCache texts) {
        int length = in - start;
        int separator = start + text.length();
        // The prefix itself is known to be there: only the separator is left to compare.
        if (length == textWithSeparator.length() && line.charAt(separator) == ':'
            && line.charAt(separator + 1) == ' ') {
            return textWithSeparator;
        }
        return length == text.length() ? text : texts.text(line, start, in);
    }

    private boolean startsWord(String line, int at) {
        return at == 0 || isBlank(line.charAt(at - 1)) || isSeparator(text.charAt(0));
    }

    /** After the prefix comes a blank or ':' (a policy or the separator), or IN= itself (the bare nftables form). */
    private boolean endsWord(String line, int end, int in) {
        return end == in || isSeparator(line.charAt(end)) || isSeparator(text.charAt(text.length() - 1));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == ':' || c == '\t';
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
