package io.flowpolicy.streams.dns;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers from a {@link NameResolver}, cached for their TTL, so a name queried by every pod every few seconds costs
 * one lookup per TTL. Failures answer "nothing" and are cached briefly: an unreachable DNS server then leaves peers
 * unnamed (they stay {@code external:<ip>}) instead of stalling the stream. After {@value #FAILURES_BEFORE_DOWN}
 * failed lookups in a row the server counts as down for the failure TTL: lookups then answer "nothing" at once, and
 * the first one after it tries the server again. Without that, a dead server cost every distinct name its whole
 * timeout, which on a backfill of thousands of names is hours. Thread-safe; shared by all tasks.
 */
public final class CachingResolver implements NameResolver {
    private static final Logger LOG = LoggerFactory.getLogger(CachingResolver.class);
    // A zero TTL would mean a lookup per query; a day-long one would hide rotation.
    private static final Duration MIN_TTL = Duration.ofSeconds(5);
    private static final Duration MAX_TTL = Duration.ofHours(1);
    private static final Duration FAILURE_TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 100_000;
    static final int FAILURES_BEFORE_DOWN = 3;

    private record Entry(Resolved resolved, Instant expires) {
    }

    private final NameResolver delegate;
    private final Clock clock;
    private final Map<String, Entry> forward = new ConcurrentHashMap<>();
    private final Map<String, Entry> reverse = new ConcurrentHashMap<>();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile Instant downUntil = Instant.MIN;

    public CachingResolver(NameResolver delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Resolved addresses(String name) {
        return cached(forward, name, () -> delegate.addresses(name));
    }

    @Override
    public Resolved reverse(String ip) {
        return cached(reverse, ip, () -> delegate.reverse(ip));
    }

    private Resolved cached(Map<String, Entry> cache, String key, java.util.function.Supplier<Resolved> lookup) {
        Instant now = clock.instant();
        Entry entry = cache.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.resolved();
        }
        if (now.isBefore(downUntil)) {
            return new Resolved(List.of(), FAILURE_TTL);
        }
        Resolved resolved;
        Duration ttl;
        try {
            resolved = lookup.get();
            ttl = clamp(resolved.ttl());
            failuresInARow.set(0);
        } catch (UncheckedIOException e) {
            resolved = new Resolved(List.of(), FAILURE_TTL);
            ttl = FAILURE_TTL;
            if (failuresInARow.incrementAndGet() >= FAILURES_BEFORE_DOWN) {
                downUntil = now.plus(FAILURE_TTL);
                LOG.warn("DNS server not answering ({} lookups in a row failed, the last of {}: {}); names stay "
                    + "unresolved until {}", failuresInARow.get(), key, e.getMessage(), downUntil);
            } else {
                LOG.warn("DNS lookup of {} failed ({}); treated as unresolved for {}", key, e.getMessage(),
                    FAILURE_TTL);
            }
            LOG.debug("DNS lookup of {} failed", key, e);
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(e -> !now.isBefore(e.expires()));
        }
        cache.put(key, new Entry(resolved, now.plus(ttl)));
        return resolved;
    }

    private static Duration clamp(Duration ttl) {
        return ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
    }
}
