package io.flowpolicy.ingest.loki;

import java.util.Locale;

/**
 * A {@code query_range} request that failed, classified for the retry policy.
 *
 * <p>{@link #retryable()} tells whether repeating the same request can succeed (429, 5xx, timeouts,
 * refused connections) or whether an option must be fixed first (400, 401); {@link #hint()} then
 * names that option. Messages carry Loki's own error text but never credentials.
 */
public final class LokiQueryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorClass;
    private final boolean retryable;
    private final String lokiMessage;
    private final String hint;

    LokiQueryException(int status, String errorClass, boolean retryable, String lokiMessage, String hint,
                       Throwable cause) {
        super(compose(status, lokiMessage, hint), cause);
        this.status = status;
        this.errorClass = errorClass;
        this.retryable = retryable;
        this.lokiMessage = lokiMessage;
        this.hint = hint;
    }

    private static String compose(int status, String lokiMessage, String hint) {
        StringBuilder sb = new StringBuilder();
        sb.append(status > 0 ? "Loki query failed with HTTP " + status + ": " : "Loki query failed: ");
        sb.append(lokiMessage);
        if (hint != null) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    /** The HTTP status, or 0 when no response was received (timeout, refused connection). */
    public int status() {
        return status;
    }

    /** A short stable name for counting, e.g. {@code http_429}, {@code timeout}, {@code connect}. */
    public String errorClass() {
        return errorClass;
    }

    /**
     * Whether the same query over a shorter time range may succeed: the request ran out of time (Loki's own 504,
     * {@code query_timeout}: "request timed out, decrease the duration of the request…", or no answer within
     * {@code --request-timeout}), or Loki refused it as reading too much (400 "the query would read too many bytes
     * …; … reduce the time range of the query", "query too large to execute on a single querier", "the query hit
     * the max number of chunks limit").
     */
    public boolean rangeTooLong() {
        if (status == 504 || "timeout".equals(errorClass)) {
            return true;
        }
        String m = lokiMessage == null ? "" : lokiMessage.toLowerCase(Locale.ROOT);
        return status == 400 && (m.contains("reduce the time range") || m.contains("max number of chunks"));
    }

    /**
     * Whether Loki's answer would have been too large to send (413 "response larger than the max message size"):
     * fewer entries a page may succeed.
     */
    public boolean pageTooLarge() {
        return status == 413;
    }

    /** Whether the same request may succeed when repeated later. */
    public boolean retryable() {
        return retryable;
    }

    /** Loki's error text (plain text or the JSON {@code message}), or the transport failure. */
    public String lokiMessage() {
        return lokiMessage;
    }

    /** Which option to change to fix the failure, or null when there is nothing to fix. */
    public String hint() {
        return hint;
    }
}
