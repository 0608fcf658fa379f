package io.flowpolicy.ingest.loki;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LogQL subset the test server understands: {@code {a="x", b="y"}} followed by any number of
 * {@code |= "text"} filters. Errors read like Loki's parse errors.
 */
record TestLogQuery(Map<String, String> matchers, List<String> contains) {

    /** A LogQL parse error, with Loki's wording. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;

        ParseError(int col, String what) {
            super("parse error at line 1, col " + col + ": syntax error: " + what);
        }
    }

    boolean matchesStream(Map<String, String> labels) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            // As in Loki, a label the stream lacks has the empty value: {unit=""} selects streams without one.
            if (!m.getValue().equals(labels.getOrDefault(m.getKey(), ""))) {
                return false;
            }
        }
        return true;
    }

    boolean matchesLine(String line) {
        for (String c : contains) {
            if (!line.contains(c)) {
                return false;
            }
        }
        return true;
    }

    static TestLogQuery parse(String q) throws ParseError {
        Cursor c = new Cursor(q);
        c.skipSpace();
        c.expect('{', "unexpected " + c.describe() + ", expecting {");
        Map<String, String> matchers = new LinkedHashMap<>();
        c.skipSpace();
        while (!c.tryConsume('}')) {
            String name = c.identifier();
            c.skipSpace();
            c.expect('=', "unexpected " + c.describe() + ", expecting = (only = matchers are supported)");
            c.skipSpace();
            matchers.put(name, c.string());
            c.skipSpace();
            if (!c.tryConsume(',') && c.peek() != '}') {
                throw new ParseError(c.col(), "unexpected " + c.describe() + ", expecting , or }");
            }
            c.skipSpace();
        }
        if (matchers.isEmpty()) {
            throw new ParseError(c.col(), "queries require at least one regexp or equality matcher");
        }
        List<String> contains = new ArrayList<>();
        c.skipSpace();
        while (!c.atEnd()) {
            c.expect('|', "unexpected " + c.describe() + ", expecting |=");
            c.expect('=', "unexpected " + c.describe() + ", expecting |= (only |= filters are supported)");
            c.skipSpace();
            contains.add(c.string());
            c.skipSpace();
        }
        return new TestLogQuery(matchers, contains);
    }

    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        int col() {
            return i + 1;
        }

        String describe() {
            return atEnd() ? "$end" : "'" + peek() + "'";
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                i++;
            }
        }

        boolean tryConsume(char ch) {
            if (peek() == ch && !atEnd()) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char ch, String error) throws ParseError {
            if (!tryConsume(ch)) {
                throw new ParseError(col(), error);
            }
        }

        String identifier() throws ParseError {
            int start = i;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                i++;
            }
            if (start == i) {
                throw new ParseError(col(), "unexpected " + describe() + ", expecting IDENTIFIER");
            }
            return s.substring(start, i);
        }

        String string() throws ParseError {
            expect('"', "unexpected " + describe() + ", expecting STRING");
            StringBuilder sb = new StringBuilder();
            while (!atEnd() && peek() != '"') {
                char ch = s.charAt(i++);
                if (ch == '\\' && !atEnd()) {
                    ch = s.charAt(i++);
                }
                sb.append(ch);
            }
            expect('"', "unexpected $end, expecting STRING");
            return sb.toString();
        }
    }
}
