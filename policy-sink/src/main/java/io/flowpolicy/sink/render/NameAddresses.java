package io.flowpolicy.sink.render;

import io.flowpolicy.model.NameAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The current addresses of DNS names, for formats that cannot name a destination by DNS (open-source Calico,
 * Kubernetes): those seen within {@link #CURRENT} of the name's latest sighting, so an address the name rotated
 * away from long ago is not allowed forever. Immutable.
 */
public final class NameAddresses {
    /** How far behind a name's latest address sighting another address still counts as current. */
    public static final Duration CURRENT = Duration.ofDays(1);
    private static final NameAddresses NONE = new NameAddresses(Map.of());

    private final Map<String, SortedSet<String>> byName;

    private NameAddresses(Map<String, SortedSet<String>> byName) {
        this.byName = byName;
    }

    public static NameAddresses none() {
        return NONE;
    }

    /** From the mappings of the DNS names topic (any order). */
    public static NameAddresses of(Collection<NameAddress> mappings) {
        Map<String, Instant> latest = new TreeMap<>();
        mappings.forEach(m -> latest.merge(m.name(), m.lastSeen(), (a, b) -> a.isAfter(b) ? a : b));
        Map<String, SortedSet<String>> byName = new TreeMap<>();
        for (NameAddress m : mappings) {
            if (!m.lastSeen().isBefore(latest.get(m.name()).minus(CURRENT))) {
                byName.computeIfAbsent(m.name(), n -> new TreeSet<>()).add(m.ip());
            }
        }
        byName.replaceAll((name, ips) -> java.util.Collections.unmodifiableSortedSet(ips));
        return new NameAddresses(java.util.Collections.unmodifiableMap(byName));
    }

    /** The current addresses of a name; empty when none is known. */
    public SortedSet<String> of(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), new TreeSet<>());
    }
}
