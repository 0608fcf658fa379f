package io.flowpolicy.model;

import java.time.Instant;

/**
 * A rule not seen for the whole retention period, so policies can shrink; the value of the stale-destinations topic.
 *
 * @param lastSeen   the last sighting of the rule
 * @param detectedAt the stream time at which the rule was found stale and dropped from the candidate policy
 */
public record StaleDestination(String namespace, Peer peer, String protocol, int port, Instant lastSeen,
                               Instant detectedAt) {
}
