package io.flowpolicy.ingest.loki;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowpolicy.model.RawLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code query_range} streams response into entries, streaming so a 5,000-entry page
 * costs no tree, and a {@code series} response into label sets. Pure: no I/O besides reading the given bytes.
 */
final class LokiResponseParser {

    private static final JsonFactory FACTORY = new JsonFactory();

    private LokiResponseParser() {
    }

    static List<RawLine> parseStreams(byte[] body) throws IOException, LokiQueryException {
        List<RawLine> out = new ArrayList<>();
        parseSuccess(body, p -> parseData(p, out));
        return out;
    }

    /** The label sets of a {@code series} response: {@code {"status":"success","data":[{"job":"…"}, …]}}. */
    static List<Map<String, String>> parseSeries(byte[] body) throws IOException, LokiQueryException {
        List<Map<String, String>> out = new ArrayList<>();
        parseSuccess(body, p -> {
            expect(p, p.currentToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(parseLabels(p));
            }
        });
        return out;
    }

    /** Reads the value of a response's {@code data} member, with the parser on its first token. */
    @FunctionalInterface
    private interface DataReader {
        void read(JsonParser p) throws IOException, LokiQueryException;
    }

    /** A {@code {"status":"success","data":…}} response, its data read by {@code data}. */
    private static void parseSuccess(byte[] body, DataReader data) throws IOException, LokiQueryException {
        try (JsonParser p = FACTORY.createParser(body)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("data".equals(field)) {
                    data.read(p);
                } else if ("status".equals(field) && !"success".equals(p.getText())) {
                    throw new IOException("response status is " + p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void parseData(JsonParser p, List<RawLine> out) throws IOException, LokiQueryException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("resultType".equals(field) && !"streams".equals(p.getText())) {
                throw LokiErrors.notLogQuery(p.getText());
            } else if ("result".equals(field)) {
                expect(p, p.currentToken(), JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    parseStream(p, out);
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void parseStream(JsonParser p, List<RawLine> out) throws IOException, LokiQueryException {
        Map<String, String> labels = null;
        List<RawLine> early = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("stream".equals(field)) {
                // Map.copyOf once per stream: RawLine.of then reuses this immutable instance for every entry.
                labels = Map.copyOf(parseLabels(p));
            } else if ("values".equals(field)) {
                // Loki sends "stream" first; the other order costs only a relabelling pass.
                if (labels != null) {
                    parseValues(p, labels, out);
                } else {
                    early = new ArrayList<>();
                    parseValues(p, Map.of(), early);
                }
            } else if ("metric".equals(field)) {
                throw LokiErrors.notLogQuery("matrix");
            } else {
                p.skipChildren();
            }
        }
        if (early != null) {
            Map<String, String> shared = labels == null ? Map.of() : labels;
            for (RawLine l : early) {
                out.add(new RawLine(l.ts(), shared, l.line()));
            }
        }
    }

    private static Map<String, String> parseLabels(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        Map<String, String> labels = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            labels.put(key, p.getText());
        }
        // Immutable once per stream, so that each of its entries' RawLine keeps it instead of copying it.
        return Map.copyOf(labels);
    }

    private static void parseValues(JsonParser p, Map<String, String> labels, List<RawLine> out)
            throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            // Loki sends timestamps as strings; accept numbers too rather than fail on a proxy's rewrite.
            long ts = p.currentToken() == JsonToken.VALUE_STRING ? Long.parseLong(p.getText()) : p.getLongValue();
            p.nextToken();
            out.add(RawLine.of(ts, labels, p.getText()));
            // A third element (structured metadata) may follow; it is not part of the entry identity here.
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
            }
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " at " + p.currentLocation());
        }
    }
}
