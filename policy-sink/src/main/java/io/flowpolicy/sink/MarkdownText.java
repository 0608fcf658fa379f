package io.flowpolicy.sink;

/** Escapes data for a Markdown table cell, so a hostile name cannot break the table or inject HTML. */
final class MarkdownText {
    private MarkdownText() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '|', '\\', '`', '*', '_', '[', ']', '<', '>', '#', '~' -> out.append('\\').append(c);
                case '&' -> out.append("&amp;");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** The text with control characters (newlines included) shown as {@code \\uXXXX}, for one-line log messages. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
