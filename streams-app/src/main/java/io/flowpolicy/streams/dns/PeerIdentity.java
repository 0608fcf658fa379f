package io.flowpolicy.streams.dns;

/** What identifies an external peer that has DNS names. */
public enum PeerIdentity {
    /** {@code external:<ip>}; the names are carried along for reviewers (the default). */
    IP,
    /** {@code fqdn:<name>}: every address a name rotates through is one peer. */
    FQDN
}
