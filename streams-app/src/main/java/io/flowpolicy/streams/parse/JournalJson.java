package io.flowpolicy.streams.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.flowpolicy.streams.parse.ParseResult.Rejected;
import java.io.IOException;

/**
 * Reads a journal entry that a log shipper sent as one JSON object of all its fields (Grafana Alloy's
 * {@code loki.source.journal} with {@code format_as_json = true}, promtail's journal {@code json: true},
 * {@code journalctl -o json}): the LOG line is its {@code MESSAGE} and the node its {@code _HOSTNAME}. Only such
 * lines pay for a JSON parser. One instance per line; not thread-safe.
 */
final class JournalJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ERROR = 80;

    /** The decoded {@code MESSAGE}, once {@link #read} passed. */
    String message;
    /** The decoded {@code _HOSTNAME}, or null when the entry has none (as a non-empty string). */
    String hostname;

    /** Whether {@code line[0, end)} is a JSON object rather than a LOG line: its first non-blank is '{'. */
    static boolean isObject(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '{';
            }
        }
        return false;
    }

    /** Reads the object's fields; null when it holds a {@code MESSAGE} string. */
    Rejected read(String line) {
        try (JsonParser json = JSON.createParser(line)) {
            json.nextToken();
            Rejected rejected = fields(json);
            if (rejected != null) {
                return rejected;
            }
            if (json.nextToken() != null) {
                return new Rejected(RejectReason.FOREIGN_LINE, "text after the JSON object at column "
                    + json.currentLocation().getColumnNr());
            }
        } catch (JsonEOFException e) {
            return new Rejected(RejectReason.TRUNCATED, "JSON object ends early: " + brief(e));
        } catch (JsonProcessingException e) {
            return new Rejected(RejectReason.FOREIGN_LINE, "invalid JSON: " + brief(e));
        } catch (IOException e) {
            // Reading a String does no I/O; answered like any other unreadable line, as parse never throws.
            return new Rejected(RejectReason.FOREIGN_LINE, "unreadable JSON: " + e);
        }
        return message != null ? null
            : new Rejected(RejectReason.FOREIGN_LINE, "JSON object without a MESSAGE field (not a journal entry)");
    }

    private Rejected fields(JsonParser json) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if ("MESSAGE".equals(name)) {
                if (value != JsonToken.VALUE_STRING) {
                    return new Rejected(RejectReason.FOREIGN_LINE, "journal MESSAGE is not a JSON string but " + value);
                }
                message = json.getText();
            } else if ("_HOSTNAME".equals(name) && value == JsonToken.VALUE_STRING) {
                String text = json.getText();
                hostname = text.isEmpty() ? null : text;
            } else {
                json.skipChildren();
            }
        }
        return null;
    }

    /** Jackson's message without its location and source excerpt, cut to a readable length. */
    private static String brief(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        String cut = message.length() <= MAX_ERROR ? message : message.substring(0, MAX_ERROR) + "…";
        return e.getLocation() == null ? cut : cut + " at column " + e.getLocation().getColumnNr();
    }
}
