package io.flowpolicy.model;

import java.time.Instant;

/**
 * A DNS name and one address it resolved to, with the time range over which queries saw that mapping. The value of
 * the compacted DNS names topic, keyed {@code <name>|<ip>}; policies for formats without DNS rules list a name's
 * current addresses from it.
 *
 * @param name      lower case, without the trailing dot
 * @param ip        canonical form
 * @param firstSeen the first query that resolved to this address
 * @param lastSeen  the latest one
 */
public record NameAddress(String name, String ip, Instant firstSeen, Instant lastSeen) {

    /** The topic key. */
    public String key() {
        return name + "|" + ip;
    }

    /** This mapping, also seen at {@code at}. */
    public NameAddress seenAt(Instant at) {
        return new NameAddress(name, ip, at.isBefore(firstSeen) ? at : firstSeen, at.isAfter(lastSeen) ? at : lastSeen);
    }
}
