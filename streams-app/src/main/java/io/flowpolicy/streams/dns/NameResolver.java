package io.flowpolicy.streams.dns;

import java.time.Duration;
import java.util.List;

/**
 * Forward and reverse DNS lookups. Implementations may block on the network and throw
 * {@link java.io.UncheckedIOException} when the server does not answer.
 */
public interface NameResolver {

    /** What a lookup found (possibly nothing) and for how long it may be cached. */
    record Resolved(List<String> values, Duration ttl) {
        public Resolved {
            values = List.copyOf(values);
        }
    }

    /** The A and AAAA addresses of a name, canonical text. */
    Resolved addresses(String name);

    /** The PTR names of an address. */
    Resolved reverse(String ip);
}
