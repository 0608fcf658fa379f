package io.flowpolicy.streams.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * The days a namespace was seen and when it last gained a peer.
 *
 * @param days every day with at least one flow, ascending, at most {@link #MAX_DAYS} of the latest
 */
public record NamespaceActivity(List<LocalDate> days, Instant lastNewPeerAt) {
    public static final int MAX_DAYS = 400;

    public NamespaceActivity {
        days = List.copyOf(days);
    }

    public static NamespaceActivity first(LocalDate day) {
        return new NamespaceActivity(List.of(day), null);
    }

    public boolean hasDay(LocalDate day) {
        return days.contains(day);
    }

    public NamespaceActivity withDay(LocalDate day) {
        TreeSet<LocalDate> all = new TreeSet<>(days);
        all.add(day);
        while (all.size() > MAX_DAYS) {
            all.pollFirst();
        }
        return new NamespaceActivity(List.copyOf(all), lastNewPeerAt);
    }

    public NamespaceActivity withNewPeerAt(Instant at) {
        Instant latest = lastNewPeerAt == null || at.isAfter(lastNewPeerAt) ? at : lastNewPeerAt;
        return new NamespaceActivity(days, latest);
    }

    public LocalDate firstDay() {
        return days.get(0);
    }

    public LocalDate lastDay() {
        return days.get(days.size() - 1);
    }
}
