package io.flowpolicy.streams.enrich;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Which combined flows a punctuation forwards. A combine key this processor has not forwarded before goes at once,
 * so a new destination (or a rule's first flow of a day) waits one combine interval at most; repeats of keys already
 * forwarded wait until the input pauses, or {@code hold} at most, so a backfill sends the tracker one record per
 * rule and day every few seconds instead of one per rule every combine interval. Counts are exact either way: the
 * schedule only decides when.
 *
 * <p>The remembered keys live in memory only: after a restart every key counts as new once, which costs an earlier
 * forward, never a count.
 */
final class ForwardSchedule {
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED = 200_000;

    private final long holdMillis;
    private final Set<String> forwarded = new HashSet<>();
    private boolean inputSincePunctuation;
    private long lastForwardAll = Long.MIN_VALUE;

    ForwardSchedule(Duration hold) {
        this.holdMillis = hold.toMillis();
    }

    void inputSeen() {
        inputSincePunctuation = true;
    }

    /** Called once per punctuation: whether everything goes now (the input paused, or the hold is over). */
    boolean forwardAll(long nowMillis) {
        boolean all = !inputSincePunctuation || lastForwardAll == Long.MIN_VALUE
            || nowMillis - lastForwardAll >= holdMillis;
        inputSincePunctuation = false;
        if (all) {
            lastForwardAll = nowMillis;
        }
        return all;
    }

    boolean isNew(String key) {
        return !forwarded.contains(key);
    }

    void forwarded(String key) {
        if (forwarded.size() >= MAX_REMEMBERED && !forwarded.contains(key)) {
            forwarded.clear();
        }
        forwarded.add(key);
    }
}
