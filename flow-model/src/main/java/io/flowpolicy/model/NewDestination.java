package io.flowpolicy.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The first sighting of a (namespace, peer, protocol, port); the value of the new-destinations topic.
 *
 * @param learning true when the sighting falls in the namespace's learning period, so dashboards do not alert
 */
public record NewDestination(String namespace, Peer peer, String protocol, int port, Instant firstSeen,
                             LocalDate day, String sourceWorkload, boolean learning) {
}
