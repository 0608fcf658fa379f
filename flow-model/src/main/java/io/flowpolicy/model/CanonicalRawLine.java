package io.flowpolicy.model;

import java.util.Arrays;
import java.util.Map;

/**
 * Recognises a record that is already exactly what {@link RawLineJson#write} makes of the raw line it holds:
 * {@code {"ts":"<ns epoch>","labels":{"<name>":"<value>",…},"line":"<text>"}} with no whitespace between members, a
 * timestamp without leading zeros, and strings of printable ASCII without quotes or backslashes (so without escapes).
 * Flowpolicy's own exports are in this form, line for line; a reader can publish such a record as it is instead of
 * decoding and re-encoding it, and the raw-line deserializer reads the same {@link RawLine} from it either way.
 * Anything else answers null, for the general path. Not thread-safe: it remembers the last few labels objects it
 * saw ({@link RawLineJson.LabelsMemo}), which the lines of an export's few nodes repeat.
 */
public final class CanonicalRawLine {
    private static final byte[] TS = ascii("{\"ts\":\"");
    private static final byte[] LABELS = ascii("\",\"labels\":{");
    private static final byte[] LINE = ascii(",\"line\":\"");
    private static final int MAX_LABELS = 16;

    /** What a publisher needs besides the record's bytes: its time and its labels (for the record key). */
    public record Header(long tsNanos, Map<String, String> labels) {
    }

    private final int[] bounds = new int[4 * MAX_LABELS];
    private final RawLineJson.LabelsMemo memo = new RawLineJson.LabelsMemo();

    /** The header of the record in {@code s[from, to)}, or null when the record is not in the form above. */
    public Header scan(byte[] s, int from, int to) {
        if (!startsWith(s, from, to, TS)) {
            return null;
        }
        int i = from + TS.length;
        int digits = i;
        long ts = 0;
        while (i < to && s[i] >= '0' && s[i] <= '9') {
            int digit = s[i++] - '0';
            if (ts > (Long.MAX_VALUE - digit) / 10) {
                return null;
            }
            ts = ts * 10 + digit;
        }
        if (i == digits || (s[digits] == '0' && i - digits > 1) || !startsWith(s, i, to, LABELS)) {
            return null;
        }
        i += LABELS.length;
        int labelsStart = i;
        int count = 0;
        if (i < to && s[i] == '}') {
            i++;
        } else {
            while (true) {
                if (count == MAX_LABELS) {
                    return null;
                }
                int nameEnd = plainString(s, i, to);
                if (nameEnd < 0 || nameEnd + 1 >= to || s[nameEnd + 1] != ':') {
                    return null;
                }
                int valueEnd = plainString(s, nameEnd + 2, to);
                if (valueEnd < 0 || valueEnd + 1 >= to) {
                    return null;
                }
                bounds[4 * count] = i + 1;
                bounds[4 * count + 1] = nameEnd;
                bounds[4 * count + 2] = nameEnd + 3;
                bounds[4 * count + 3] = valueEnd;
                count++;
                i = valueEnd + 2;
                if (s[valueEnd + 1] == '}') {
                    break;
                }
                if (s[valueEnd + 1] != ',') {
                    return null;
                }
            }
        }
        int labelsEnd = i;
        if (!startsWith(s, i, to, LINE)) {
            return null;
        }
        int lineEnd = plainString(s, i + LINE.length - 1, to);
        if (lineEnd < 0 || lineEnd + 2 != to || s[lineEnd + 1] != '}') {
            return null;
        }
        // From the object's '{', which the LABELS prefix ends with, as the memo keeps whole objects.
        Map<String, String> labels = labels(s, labelsStart - 1, labelsEnd, count);
        return labels == null ? null : new Header(ts, labels);
    }

    /** The labels object {@code s[start, end)}: a remembered map when its text repeats; null on a repeated name. */
    private Map<String, String> labels(byte[] s, int start, int end, int count) {
        RawLineJson.LabelsMemo.Entry known = memo.find(s, start, end);
        if (known != null) {
            return known.labels();
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] entries = new Map.Entry[count];
        for (int k = 0; k < count; k++) {
            entries[k] = Map.entry(text(s, bounds[4 * k], bounds[4 * k + 1]),
                text(s, bounds[4 * k + 2], bounds[4 * k + 3]));
        }
        Map<String, String> labels;
        try {
            labels = Map.ofEntries(entries);
        } catch (IllegalArgumentException repeatedName) {
            return null;
        }
        memo.remember(Arrays.copyOfRange(s, start, end), labels);
        return labels;
    }

    /**
     * The index of the closing quote of the string whose opening quote is at {@code quote}, or -1 unless every byte
     * between them is printable ASCII other than a quote or a backslash (what {@link RawLineJson#write} copies as it is).
     */
    private static int plainString(byte[] s, int quote, int to) {
        if (quote >= to || s[quote] != '"') {
            return -1;
        }
        for (int i = quote + 1; i < to; i++) {
            byte b = s[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] s, int at, int to, byte[] prefix) {
        return to - at >= prefix.length && Arrays.equals(s, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static String text(byte[] s, int start, int end) {
        return new String(s, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
