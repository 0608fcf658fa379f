package io.flowpolicy.streams.parse;

/** Short, bounded renderings of offending tokens for {@link ParseResult.Rejected#detail()}. */
final class Details {
    private static final int MAX_TOKEN = 48;

    private Details() {
    }

    /** {@code line[from, to)} in quotes, cut to a readable length so that a 1 MiB token cannot bloat a detail. */
    static String token(String line, int from, int to) {
        if (to - from <= MAX_TOKEN) {
            return "'" + line.substring(from, to) + "'";
        }
        return "'" + line.substring(from, from + MAX_TOKEN) + "…' (" + (to - from) + " chars)";
    }
}
