package io.flowpolicy.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written JSON codec for {@link RawLine}, the one record written and read once per log line: Jackson's
 * databind cost more per line than parsing the Calico line itself. Writes {@code {"ts":"…","labels":{…},"line":"…"}};
 * reads any object whose members are {@code ts}/{@code timestamp} strings, a {@code labels} object of strings and a
 * {@code line} string, in any order, and answers null for anything else so the caller can fall back to Jackson.
 * Both directions work on UTF-8 bytes: a string without escapes or non-ASCII characters (every kernel line) is
 * copied, not decoded character by character.
 */
public final class RawLineJson {
    private RawLineJson() {
    }

    public static byte[] write(RawLine line) {
        Output out = new Output(line.line().length() + 128);
        out.ascii("{\"ts\":");
        out.string(line.ts());
        out.ascii(",\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> label : line.labels().entrySet()) {
            if (!first) {
                out.ascii(",");
            }
            first = false;
            out.string(label.getKey());
            out.ascii(":");
            out.string(label.getValue());
        }
        out.ascii("},\"line\":");
        out.string(line.line());
        out.ascii("}");
        return out.bytes();
    }

    /** The members of a flat flow record; {@code ts} or {@code timestamp} is whichever the record had. */
    public record Fields(String ts, String timestamp, Map<String, String> labels, String line) {
    }

    /**
     * The last few labels objects a reader saw, so that a record repeating one byte for byte (the lines of one node
     * and job all do; a topic partition holds a few nodes' lines) gets the same map instead of new strings and a new
     * map. May be shared between threads: a thread sees an entry whole, and a stale one only costs a parse.
     */
    public static final class LabelsMemo {
        private static final int SIZE = 8;

        /** A labels object's complete text, from its '{' to its '}', and its map. */
        record Entry(byte[] text, Map<String, String> labels) {
        }

        private final Entry[] entries = new Entry[SIZE];
        private int next;

        /** The entry whose text {@code s} repeats from {@code start} on, if any: the object there is that one. */
        Entry find(byte[] s, int start, int limit) {
            for (Entry entry : entries) {
                if (entry != null && start + entry.text.length <= limit
                    && Arrays.equals(s, start, start + entry.text.length, entry.text, 0, entry.text.length)) {
                    return entry;
                }
            }
            return null;
        }

        void remember(byte[] text, Map<String, String> labels) {
            int slot = next;
            next = (slot + 1) % SIZE;
            entries[slot] = new Entry(text, labels);
        }
    }

    /** Reads a record's members, or answers null when the text is not of the simple shape described above. */
    public static Fields read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #read(String)}, from the record's UTF-8 bytes. */
    public static Fields read(byte[] json) {
        return read(json, new LabelsMemo());
    }

    /** As {@link #read(byte[])}, reusing the labels {@code memo} saw last when the record repeats them. */
    public static Fields read(byte[] json, LabelsMemo memo) {
        return read(json, 0, json.length, memo);
    }

    /** As {@link #read(byte[], LabelsMemo)}, of the record in {@code json[from, to)}. */
    public static Fields read(byte[] json, int from, int to, LabelsMemo memo) {
        return new Reader(json, from, to, memo).object();
    }

    /** A growing byte array; JSON strings go in escaped. */
    private static final class Output {
        private byte[] buf;
        private int n;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void ascii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                buf[n++] = (byte) text.charAt(i);
            }
        }

        /** Copies printable ASCII as it is, in one pass; anything else takes the escaping path. */
        void string(String text) {
            int length = text.length();
            ensure(length + 2);
            int start = n;
            buf[n++] = '"';
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    n = start;
                    escaped(text);
                    return;
                }
                buf[n++] = (byte) c;
            }
            buf[n++] = '"';
        }

        private void escaped(String text) {
            StringBuilder out = new StringBuilder(text.length() + 16).append('"');
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
            byte[] utf8 = out.append('"').toString().getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, n, utf8.length);
            n += utf8.length;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] bytes() {
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
    }

    /** A recursive-descent reader over exactly the shapes flow records have; null on anything else. */
    private static final class Reader {
        private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long LOW_BITS = 0x0101010101010101L;
        private static final long HIGH_BITS = 0x8080808080808080L;
        private static final long QUOTES = LOW_BITS * '"';
        private static final long BACKSLASHES = LOW_BITS * '\\';

        private final byte[] s;
        private final int limit;
        private final LabelsMemo memo;
        private int i;

        Reader(byte[] s, int from, int to, LabelsMemo memo) {
            this.s = s;
            this.i = from;
            this.limit = to;
            this.memo = memo;
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

        /**
         * The labels as an immutable map, which {@link RawLine} keeps as it is; null on a repeated name. A complete
         * object that the memo holds and the text repeats at this point is the same object, so its map is reused.
         */
        private Map<String, String> labels() {
            whitespace();
            int start = i;
            LabelsMemo.Entry known = memo.find(s, start, limit);
            if (known != null) {
                i = start + known.text().length;
                return known.labels();
            }
            Map<String, String> labels = parseLabels();
            if (labels != null) {
                memo.remember(Arrays.copyOfRange(s, start, i), labels);
            }
            return labels;
        }

        private Map<String, String> parseLabels() {
            if (!skip('{')) {
                return null;
            }
            if (peek() == '}') {
                i++;
                return Map.of();
            }
            String[] names = new String[4];
            String[] values = new String[4];
            int count = 0;
            do {
                String key = string();
                if (key == null || !skip(':')) {
                    return null;
                }
                String value = string();
                if (value == null) {
                    return null;
                }
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                names[count] = key;
                values[count++] = value;
            } while (skip(','));
            return skip('}') ? immutable(names, values, count) : null;
        }

        private static Map<String, String> immutable(String[] names, String[] values, int count) {
            try {
                return switch (count) {
                    case 1 -> Map.of(names[0], values[0]);
                    case 2 -> Map.of(names[0], values[0], names[1], values[1]);
                    case 3 -> Map.of(names[0], values[0], names[1], values[1], names[2], values[2]);
                    default -> {
                        Map<String, String> labels = new LinkedHashMap<>();
                        for (int k = 0; k < count; k++) {
                            labels.put(names[k], values[k]);
                        }
                        yield labels.size() == count ? Map.copyOf(labels) : null;
                    }
                };
            } catch (IllegalArgumentException duplicateName) {
                return null;
            }
        }

        private String string() {
            if (!skip('"')) {
                return null;
            }
            int start = i;
            i = plainAsciiEnd(s, i, limit);
            boolean ascii = true;
            while (i < limit) {
                byte b = s[i];
                if (b == '"') {
                    return new String(s, start, i++ - start,
                        ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                }
                if (b == '\\') {
                    return escaped(start);
                }
                if (b >= 0 && b < 0x20) {
                    return null;
                }
                ascii &= b >= 0;
                i++;
            }
            return null;
        }

        /**
         * Skips, eight bytes at a time, the printable ASCII other than quotes and backslashes from {@code from} on:
         * the bulk of a kernel line. Returns the index of the first word holding anything else (or of the tail
         * shorter than a word), from where the byte loop goes on.
         */
        private static int plainAsciiEnd(byte[] s, int from, int limit) {
            int i = from;
            while (i + Long.BYTES <= limit) {
                long word = (long) LONGS.get(s, i);
                long special = (word & HIGH_BITS) | zeroByte(word ^ QUOTES) | zeroByte(word ^ BACKSLASHES)
                    | byteBelow(word, 0x20);
                if (special != 0) {
                    break;
                }
                i += Long.BYTES;
            }
            return i;
        }

        /** Non-zero when some byte of {@code word} is zero. */
        private static long zeroByte(long word) {
            return (word - LOW_BITS) & ~word & HIGH_BITS;
        }

        /** Non-zero when some byte of {@code word}, none of which has its high bit set, is below {@code n}. */
        private static long byteBelow(long word, int n) {
            return (word - LOW_BITS * n) & ~word & HIGH_BITS;
        }

        /** The slow path, for strings with escapes: runs of bytes between escapes are decoded as UTF-8. */
        private String escaped(int start) {
            StringBuilder out = new StringBuilder();
            int run = start;
            while (i < limit) {
                byte b = s[i];
                if (b == '"') {
                    out.append(new String(s, run, i++ - run, StandardCharsets.UTF_8));
                    return out.toString();
                }
                if (b >= 0 && b < 0x20) {
                    return null;
                }
                if (b != '\\') {
                    i++;
                    continue;
                }
                out.append(new String(s, run, i - run, StandardCharsets.UTF_8));
                if (++i >= limit || !unescape(out)) {
                    return null;
                }
                run = i;
            }
            return null;
        }

        /** Appends the character of the escape at {@code i} (after the backslash) and moves past it. */
        private boolean unescape(StringBuilder out) {
            byte e = s[i++];
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > limit) {
                        return false;
                    }
                    int value = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(s[i + k], 16);
                        if (digit < 0) {
                            return false;
                        }
                        value = value * 16 + digit;
                    }
                    out.append((char) value);
                    i += 4;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private boolean skip(char expected) {
            whitespace();
            if (i < limit && s[i] == expected) {
                i++;
                return true;
            }
            return false;
        }

        private int peek() {
            whitespace();
            return i < limit ? s[i] : 0;
        }

        private boolean end() {
            whitespace();
            return i == limit;
        }

        private void whitespace() {
            while (i < limit && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
                i++;
            }
        }
    }
}
