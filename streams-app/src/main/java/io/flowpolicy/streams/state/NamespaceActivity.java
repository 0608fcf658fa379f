package io.flowpolicy.streams.state;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * The days a namespace was seen. When it last gained a peer is not kept here but derived from its rules' first
 * sightings ({@link NamespaceSnapshot}), which do not depend on the order flows arrive in.
 *
 * @param days every day with at least one flow, ascending, at most {@link #MAX_DAYS} of the latest
 */
public record NamespaceActivity(List<LocalDate> days) {
    public static final int MAX_DAYS = 400;

    public NamespaceActivity {
        days = List.copyOf(days);
    }

    public static NamespaceActivity first(LocalDate day) {
        return new NamespaceActivity(List.of(day));
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
        return new NamespaceActivity(List.copyOf(all));
    }

    public LocalDate firstDay() {
        return days.get(0);
    }

    public LocalDate lastDay() {
        return days.get(days.size() - 1);
    }
}
