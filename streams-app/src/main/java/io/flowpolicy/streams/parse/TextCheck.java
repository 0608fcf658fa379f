package io.flowpolicy.streams.parse;

import io.flowpolicy.streams.parse.ParseResult.Rejected;

/** Rejects text no kernel printed: control characters (a NUL often marks a torn read) and broken UTF-16. */
final class TextCheck {
    private TextCheck() {
    }

    /**
     * True when {@code text[from, to)} holds only printable ASCII, spaces and tabs, i.e. when {@link #check} can
     * only pass. False says nothing either way (e.g. a paired surrogate is fine).
     */
    static boolean isPlainAscii(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isPlainAscii(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII, space or tab. */
    static boolean isPlainAscii(char c) {
        return isVisibleAscii(c) || c == ' ' || c == '\t';
    }

    /** Printable ASCII other than space: one unsigned comparison, because it runs for every character. */
    static boolean isVisibleAscii(char c) {
        return (char) (c - '!') <= '~' - '!';
    }

    /** Checks {@code line[0, end)}; null when the text is clean. */
    static Rejected check(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (c != '\t') {
                    return new Rejected(RejectReason.CONTROL_CHARACTERS,
                        String.format("control character U+%04X at index %d", (int) c, i));
                }
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1))) {
                    i++;
                } else {
                    return new Rejected(RejectReason.UNPAIRED_SURROGATE,
                        String.format("lone surrogate U+%04X at index %d", (int) c, i));
                }
            }
        }
        return null;
    }
}
