package io.flowpolicy.ingest.loki;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many entries a page may ask Loki for, as the server told it. A Loki whose {@code max_entries_limit_per_query}
 * is below the page size answers 400 "max entries limit per query exceeded, limit &gt; max_entries_limit_per_query
 * (5000 &gt; 1000)" before reading anything, so the request can be sent again with the limit it names; one whose
 * answer would exceed its gRPC message size answers 413 "response larger than the max message size", and half the
 * page is asked for. Thread-safe.
 */
final class ServerEntryLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ServerEntryLimit.class);
    /** The numbers in Loki's "… (requested > allowed)". */
    private static final Pattern LIMITS = Pattern.compile("\\((\\d+) > (\\d+)\\)");

    private final AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);

    /** {@code limit}, or the server's limit when that is lower. */
    int cap(int limit) {
        return Math.min(limit, allowed.get());
    }

    /**
     * Whether the failure was Loki refusing {@code requested} as above its limit, or a page of {@code requested}
     * entries as larger than it can send (413 "response larger than the max message size"); the limit it named, or
     * half the page, then caps later requests.
     */
    boolean learnFrom(LokiQueryException e, int requested) {
        if (e.pageTooLarge() && requested > 1) {
            lower(requested / 2, requested, "its answer to a page of " + requested + " entries was too large to send");
            return true;
        }
        if (e.status() != 400 || !e.lokiMessage().toLowerCase(Locale.ROOT).contains("max entries limit")) {
            return false;
        }
        Matcher m = LIMITS.matcher(e.lokiMessage());
        if (!m.find()) {
            return false;
        }
        int named;
        try {
            named = Integer.parseInt(m.group(2));
        } catch (NumberFormatException tooLarge) {
            return false;
        }
        if (named < 1 || named >= requested) {
            return false;
        }
        lower(named, requested, "its max_entries_limit_per_query is " + named);
        return true;
    }

    private void lower(int limit, int requested, String why) {
        if (allowed.getAndAccumulate(limit, Math::min) > limit) {
            LOG.warn("Loki: {}; reading pages of {} entries instead of {} (set --page-size and --max-page-size to {} "
                + "to skip this)", why, limit, requested, limit);
        }
    }
}
