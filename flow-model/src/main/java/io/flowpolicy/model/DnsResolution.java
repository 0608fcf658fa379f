package io.flowpolicy.model;

import java.time.Instant;

/**
 * One pod's DNS query for a name and one address the name resolved to when the query was seen. The value of the
 * DNS resolutions topic, keyed by the pod's namespace (so it meets the pod's flows in the same task).
 *
 * @param at        when the pod queried (the CoreDNS log line's time)
 * @param namespace the querying pod's namespace
 * @param pod       the querying pod's name
 * @param name      the queried name, lower case, without the trailing dot
 * @param ip        one address of the name, canonical form
 */
public record DnsResolution(Instant at, String namespace, String pod, String name, String ip) {
}
