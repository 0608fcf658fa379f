package io.flowpolicy.streams.state;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * How a namespace's fan-out maps to a rollout tier, and its observation history to a stability state.
 *
 * @param tierDExternal     more external peers than this → tier D (no allowlist)
 * @param tierCExternal     more external peers than this → tier C
 * @param tierCInCluster    more in-cluster peers than this → tier C
 * @param horizonDays       a namespace is {@code learning} until observed over this many days
 * @param stabilizingDays   {@code stabilizing} while a new peer appeared within this many days
 * @param learningDays      sightings in the first this-many observed days are {@code learning} events
 * @param zone              the zone whose days are counted
 */
public record ReadinessRules(int tierDExternal, int tierCExternal, int tierCInCluster, int horizonDays,
                             int stabilizingDays, int learningDays, ZoneId zone) {
    public static final String LEARNING = "learning";
    public static final String STABILIZING = "stabilizing";
    public static final String STABLE = "stable";

    public static ReadinessRules defaults() {
        return new ReadinessRules(50, 3, 5, 7, 3, 1, ZoneId.of("UTC"));
    }

    public String tier(int external, int inCluster) {
        if (external > tierDExternal) {
            return "D";
        }
        return external > tierCExternal || inCluster > tierCInCluster ? "C" : "B";
    }

    /** @param lastNewPeerDay the day of the namespace's latest new peer, null when none */
    public String state(LocalDate firstDay, LocalDate lastDay, LocalDate lastNewPeerDay) {
        if (ChronoUnit.DAYS.between(firstDay, lastDay) + 1 < horizonDays) {
            return LEARNING;
        }
        if (lastNewPeerDay != null && ChronoUnit.DAYS.between(lastNewPeerDay, lastDay) < stabilizingDays) {
            return STABILIZING;
        }
        return STABLE;
    }

    public boolean isLearningSighting(LocalDate firstDay, LocalDate day) {
        return ChronoUnit.DAYS.between(firstDay, day) < learningDays;
    }
}
