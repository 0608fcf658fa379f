package io.flowpolicy.streams.parse;

/**
 * Measures the space-separated tokens of one line, reading each character once: where a token ends, its first
 * '=', the code of its key, and whether every character read was plain ASCII. The base of {@link FieldScanner},
 * which decides what the tokens mean; one instance per line, not thread-safe.
 */
abstract class TokenWalker {
    final String line;
    /** Where the line's text ends (trailing blanks excluded). */
    final int end;
    /** Index of the first '=' in the token last measured by {@link #tokenEnd}, or -1. */
    int firstEquals = -1;
    /** The key before that '=', as {@link KeyCodes#key} codes it; meaningful for keys of up to four characters. */
    long keyCode;
    private boolean plainAscii = true;

    TokenWalker(String line, int end) {
        this.line = line;
        this.end = end;
    }

    /**
     * True when every character walked over was printable ASCII, space or tab, so that the caller can skip a
     * separate pass for control characters and broken UTF-16 over that text.
     */
    final boolean plainAscii() {
        return plainAscii;
    }

    /**
     * The end of the token at {@code pos}. Also notes, so that no second pass is needed, its first '=', the code of
     * the key before it (see {@link KeyCodes#key}) and whether all its characters were printable ASCII.
     */
    final int tokenEnd(int pos) {
        int i = pos;
        long code = 0;
        boolean plain = true;
        while (i < end) {
            char c = line.charAt(i);
            if (!TextCheck.isVisibleAscii(c)) {
                if (c == ' ' || c == '\t') {
                    break;
                }
                plain = false;
            } else if (c == '=') {
                firstEquals = i;
                keyCode = code;
                plainAscii &= plain;
                return valueEnd(i + 1);
            }
            code = code << 16 | c;
            i++;
        }
        firstEquals = -1;
        plainAscii &= plain;
        return i;
    }

    /**
     * The first separator from {@code pos}. Values are most of a line, so printable ASCII other than space, the
     * common case, costs a single test per character; separators and odd characters are told apart after it.
     */
    private int valueEnd(int pos) {
        int i = pos;
        boolean plain = true;
        while (i < end) {
            char c = line.charAt(i);
            if (!TextCheck.isVisibleAscii(c)) {
                if (c == ' ' || c == '\t') {
                    break;
                }
                plain = false;
            }
            i++;
        }
        plainAscii &= plain;
        return i;
    }

    final int skipSpaces(int pos) {
        int i = pos;
        while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Skips a bracketed inner packet; the kernel nests one level ({@code INCOMPLETE [n bytes]} inside). */
    final int skipBracket(int pos) {
        int depth = 0;
        for (int i = pos; i < end; i++) {
            char c = line.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            } else if (!TextCheck.isPlainAscii(c)) {
                plainAscii = false;
            }
        }
        return end;
    }
}
