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
                case '|', '\\', '`', '*', '_', '[', ']', '<', '>', '#' -> out.append('\\').append(c);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
