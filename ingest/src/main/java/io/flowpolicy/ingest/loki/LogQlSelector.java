package io.flowpolicy.ingest.loki;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A LogQL log query cut into its stream selector ({@code {job="node-journal"}}) and the pipeline after it
 * ({@code |= "calico-packet"}), so that the same pipeline can be asked of one stream at a time.
 *
 * @param selector the leading {@code {…}}, as written
 * @param pipeline everything after it, as written (may be empty)
 */
record LogQlSelector(String selector, String pipeline) {

    /**
     * @throws IllegalArgumentException when the query does not start with a complete stream selector; Loki would
     *                                  refuse it anyway
     */
    static LogQlSelector of(String query) {
        String q = query.stripLeading();
        if (!q.startsWith("{")) {
            throw new IllegalArgumentException("a log query starts with a stream selector {…}: " + query);
        }
        char quote = 0;
        for (int i = 1; i < q.length(); i++) {
            char c = q.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '}') {
                return new LogQlSelector(q.substring(0, i + 1), q.substring(i + 1));
            }
        }
        throw new IllegalArgumentException("the stream selector of the query is not closed: " + query);
    }

    /**
     * The query with this pipeline for exactly the stream with these labels: a selector also matches streams with
     * more labels, so every name in {@code otherNames} that this stream lacks is asked to be absent ({@code name=""}).
     */
    String forStream(Map<String, String> labels, Set<String> otherNames) {
        Map<String, String> exact = new TreeMap<>(labels);
        otherNames.forEach(name -> exact.putIfAbsent(name, ""));
        return selectorOf(exact) + pipeline;
    }

    /** {@code {a="x", b="y"}}, names sorted, values quoted as LogQL reads them: also how errors name a stream. */
    static String selectorOf(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(labels).forEach((name, value) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(name).append("=\"");
            value.codePoints().forEach(c -> {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.appendCodePoint(c);
                }
            });
            sb.append('"');
        });
        return sb.append('}').toString();
    }
}
