package io.flowpolicy.sink.render;

/**
 * The Calico product the Calico output targets. Only Enterprise knows {@code domains} in rules; the OSS
 * {@code EntityRule} has no such field, so OSS output never carries it: DNS-named ({@code fqdn:}) peers become
 * {@code domains} for Enterprise and the name's current addresses for OSS (docs/dns.md).
 */
public enum CalicoEdition {
    OSS,
    ENTERPRISE
}
