package io.flowpolicy.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The fan-out and rollout readiness of one namespace; the value of the profile topic, keyed by namespace.
 *
 * @param tier  B, C or D by egress fan-out
 * @param state {@code learning}, {@code stabilizing} or {@code stable}
 */
public record NamespaceProfile(String namespace, int peers, int pod, int service, int node, int external,
                               int rules, String tier, String state, LocalDate firstDay, LocalDate lastDay,
                               int daysObserved, Instant lastNewPeerAt) {
}
