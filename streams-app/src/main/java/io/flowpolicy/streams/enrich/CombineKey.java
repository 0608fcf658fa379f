package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;

/**
 * The rule (source namespace, peer, protocol, port) and period that flows are combined under ({@link CombineKeys}).
 * Built, hashed and compared once per line, so it keeps the flow's own fields and compares the peer by identity;
 * the text, which only the pending-flows store needs, is built when asked for.
 */
public final class CombineKey {
    private final String namespace;
    private final Peer peer;
    private final String protocol;
    private final int port;
    private final long period;
    private final int hash;

    CombineKey(EnrichedFlow flow, long period) {
        this.namespace = flow.srcNamespace();
        this.peer = flow.peer();
        this.protocol = flow.protocol();
        this.port = flow.port();
        this.period = period;
        int h = namespace.hashCode();
        h = 31 * h + peer.identityHash();
        h = 31 * h + protocol.hashCode();
        h = 31 * h + port;
        this.hash = 31 * h + Long.hashCode(period);
    }

    /** The key in the pending-flows store and its changelog: the fields above, NUL-separated, the peer as its id. */
    String text() {
        return namespace + '\u0000' + peer.id() + '\u0000' + protocol + '\u0000' + port + '\u0000' + period;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombineKey other && hash == other.hash && port == other.port && period == other.period
            && namespace.equals(other.namespace) && protocol.equals(other.protocol) && peer.sameIdentity(other.peer);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return text().replace('\u0000', ' ');
    }
}
