package io.flowpolicy.model;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written JSON codec for {@link RawLine}, the one record written and read once per log line: Jackson's
 * databind cost more per line than parsing the Calico line itself. Writes {@code {"ts":"…","labels":{…},"line":"…"}};
 * reads any object whose members are {@code ts}/{@code timestamp} strings, a {@code labels} object of strings and a
 * {@code line} string, in any order, and answers null for anything else so the caller can fall back to Jackson.
 */
public final class RawLineJson {
    private RawLineJson() {
    }

    public static byte[] write(RawLine line) {
        StringBuilder out = new StringBuilder(line.line().length() + 96);
        out.append("{\"ts\":");
        string(out, line.ts());
        out.append(",\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> label : line.labels().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, label.getKey());
            out.append(':');
            string(out, label.getValue());
        }
        out.append("},\"line\":");
        string(out, line.line());
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The members of a flat flow record; {@code ts} or {@code timestamp} is whichever the record had. */
    public record Fields(String ts, String timestamp, Map<String, String> labels, String line) {
    }

    /** Reads a record's members, or answers null when the text is not of the simple shape described above. */
    public static Fields read(String json) {
        return new Reader(json).object();
    }

    /** A recursive-descent reader over exactly the shapes flow records have; null on anything else. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Fields object() {
            String ts = null;
            String timestamp = null;
            String line = null;
            Map<String, String> labels = null;
            if (!skip('{')) {
                return null;
            }
            if (peek() == '}') {
                i++;
                return end() ? new Fields(null, null, Map.of(), null) : null;
            }
            do {
                String key = string();
                if (key == null || !skip(':')) {
                    return null;
                }
                switch (key) {
                    case "ts" -> ts = string();
                    case "timestamp" -> timestamp = string();
                    case "line" -> line = string();
                    case "labels" -> labels = labels();
                    default -> {
                        return null;
                    }
                }
                if ((key.equals("labels") ? labels : key.equals("ts") ? ts : key.equals("line") ? line : timestamp)
                    == null) {
                    return null;
                }
            } while (skip(','));
            return skip('}') && end() ? new Fields(ts, timestamp, labels == null ? Map.of() : labels, line) : null;
        }

        private Map<String, String> labels() {
            if (!skip('{')) {
                return null;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '}') {
                i++;
                return labels;
            }
            do {
                String key = string();
                if (key == null || !skip(':')) {
                    return null;
                }
                String value = string();
                if (value == null) {
                    return null;
                }
                labels.put(key, value);
            } while (skip(','));
            return skip('}') ? labels : null;
        }

        private String string() {
            if (!skip('"')) {
                return null;
            }
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    return s.substring(start, i++);
                }
                if (c == '\\') {
                    return escaped(start);
                }
                if (c < 0x20) {
                    return null;
                }
                i++;
            }
            return null;
        }

        /** The slow path, for strings with escapes. */
        private String escaped(int start) {
            StringBuilder out = new StringBuilder().append(s, start, i);
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    return null;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            return null;
                        }
                        try {
                            out.append((char) Integer.parseInt(s, i, i + 4, 16));
                        } catch (NumberFormatException ex) {
                            return null;
                        }
                        i += 4;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return null;
        }

        private boolean skip(char expected) {
            whitespace();
            if (i < s.length() && s.charAt(i) == expected) {
                i++;
                return true;
            }
            return false;
        }

        private char peek() {
            whitespace();
            return i < s.length() ? s.charAt(i) : 0;
        }

        private boolean end() {
            whitespace();
            return i == s.length();
        }

        private void whitespace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
                || s.charAt(i) == '\n')) {
                i++;
            }
        }
    }
}
