package io.flowpolicy.sink.render;

/**
 * The Calico product the Calico output targets. Only Enterprise knows {@code domains} in rules; the OSS
 * {@code EntityRule} has no such field, so OSS output never carries it. Peers have no DNS names yet, so today
 * both editions render the same; the option exists so callers can choose it once names arrive.
 */
public enum CalicoEdition {
    OSS,
    ENTERPRISE
}
