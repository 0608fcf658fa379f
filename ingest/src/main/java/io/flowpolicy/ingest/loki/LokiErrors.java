package io.flowpolicy.ingest.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** Maps a failed HTTP exchange or transport failure to a classified {@link LokiQueryException}. */
final class LokiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_CHARS = 1000;

    private LokiErrors() {
    }

    static LokiQueryException forStatus(int status, String body) {
        String message = messageOf(body);
        if (status == 429 || status >= 500) {
            // Retryable; the hint only matters if retries keep failing the same way.
            String hint = status == 504
                ? "if this persists, narrow --query, or raise Loki's query_timeout and --request-timeout with it"
                : null;
            return new LokiQueryException(status, "http_" + status, true, message, hint, null);
        }
        return new LokiQueryException(status, "http_" + status, false, message, hintFor(status, message), null);
    }

    static LokiQueryException transport(String errorClass, String what, Throwable cause) {
        // The cause's own message may name the URL; the URL never carries secrets (no userinfo allowed).
        return new LokiQueryException(0, errorClass, true, what, null, cause);
    }

    static LokiQueryException badResponse(String what, Throwable cause) {
        // A truncated body from a proxy is usually transient; the attempt limit bounds the damage.
        return new LokiQueryException(200, "bad_response", true, what, null, cause);
    }

    static LokiQueryException notLogQuery(String resultType) {
        return new LokiQueryException(200, "not_streams", false,
                "query returned resultType " + resultType + ", expected streams",
                "--query must be a log query such as {job=\"node-journal\"} |= \"calico-packet\"", null);
    }

    /**
     * Loki answers errors as plain text even under a JSON content type, so the text is the message
     * unless it happens to parse as a JSON object with a message field.
     */
    static String messageOf(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                JsonNode m = node.hasNonNull("message") ? node.get("message") : node.get("error");
                if (m != null && m.isTextual()) {
                    text = m.asText();
                }
            } catch (Exception notJson) {
                // keep the raw text: it is the most useful thing to show
            }
        }
        if (text.isEmpty()) {
            return "(empty response body)";
        }
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "…" : text;
    }

    private static String hintFor(int status, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (status == 401) {
            return "set --tenant (X-Scope-OrgID) or check the credentials (--basic-auth-user/--basic-auth-password-file or --bearer-token-file)";
        }
        if (status == 403) {
            return "check the credentials (--basic-auth-user/--basic-auth-password-file or --bearer-token-file) and --tenant";
        }
        if (status == 404) {
            return "check --loki-url: it must point at Loki or its gateway, e.g. http://loki:3100";
        }
        if (m.contains("max entries limit") || m.contains("max_entries_limit")) {
            return "lower --page-size and --max-page-size to the server's max_entries_limit_per_query";
        }
        if (m.contains("parse error") || m.contains("syntax error") || m.contains("queries require at least one")) {
            return "fix --query";
        }
        if (m.contains("time range exceeds")) {
            return "lower --split-interval below the server's max_query_length";
        }
        return "check --query and the reader options";
    }
}
