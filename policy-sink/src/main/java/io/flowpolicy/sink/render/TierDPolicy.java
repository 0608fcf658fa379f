package io.flowpolicy.sink.render;

/** What to render for tier D namespaces, whose destinations are too many or too volatile for an allowlist. */
public enum TierDPolicy {
    /** Log every egress connection, then allow it: observation without enforcement. */
    LOG_ALLOW,
    /** Allow the observed protocols and ports to any destination. */
    PORT_ONLY
}
