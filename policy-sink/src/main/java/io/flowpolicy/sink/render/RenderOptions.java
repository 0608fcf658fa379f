package io.flowpolicy.sink.render;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How policies are rendered.
 *
 * @param formats            the dialects to write; {@link Format#CALICO} by default; never empty
 * @param edition            the Calico edition targeted; {@link CalicoEdition#OSS} by default
 * @param allowSameNamespace add a rule allowing all egress to the policy's own namespace (default true); pod and
 *                           service peers in the own namespace are then covered by it and not listed one by one
 * @param tierD              what tier D namespaces get; {@link TierDPolicy#LOG_ALLOW} by default
 * @param networkSets        named CIDR sets external peers are matched against; the Cloudflare set by default
 * @param foldMinPeers       0 turns folding off; otherwise this many or more external IPv4 peers (outside any
 *                           network set) in one prefix of {@code foldPrefixLength} bits are replaced by that prefix
 * @param foldPrefixLength   the IPv4 prefix length folding uses, 8 to 32 (default 24); IPv6 peers are never folded
 * @param nameAddresses      current addresses of DNS names, for formats that cannot name a destination (none by
 *                           default: a DNS-named peer then gets the address it was seen at)
 */
public record RenderOptions(Set<Format> formats, CalicoEdition edition, boolean allowSameNamespace, TierDPolicy tierD,
                            NetworkSets networkSets, int foldMinPeers, int foldPrefixLength,
                            NameAddresses nameAddresses) {

    /** Without known name addresses. */
    public RenderOptions(Set<Format> formats, CalicoEdition edition, boolean allowSameNamespace, TierDPolicy tierD,
                         NetworkSets networkSets, int foldMinPeers, int foldPrefixLength) {
        this(formats, edition, allowSameNamespace, tierD, networkSets, foldMinPeers, foldPrefixLength,
            NameAddresses.none());
    }

    public RenderOptions {
        Objects.requireNonNull(formats, "formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("formats is empty: select at least one of " + EnumSet.allOf(Format.class));
        }
        formats = Collections.unmodifiableSet(EnumSet.copyOf(formats));
        Objects.requireNonNull(edition, "edition");
        Objects.requireNonNull(tierD, "tierD");
        Objects.requireNonNull(networkSets, "networkSets");
        nameAddresses = nameAddresses == null ? NameAddresses.none() : nameAddresses;
        if (foldMinPeers < 0) {
            throw new IllegalArgumentException("foldMinPeers < 0: " + foldMinPeers);
        }
        if (foldPrefixLength < 8 || foldPrefixLength > 32) {
            throw new IllegalArgumentException("foldPrefixLength outside 8..32: " + foldPrefixLength);
        }
    }

    /** Calico only, OSS, same-namespace allowed, tier D logged and allowed, Cloudflare set, no folding. */
    public static RenderOptions defaults() {
        return new RenderOptions(Set.of(Format.CALICO), CalicoEdition.OSS, true, TierDPolicy.LOG_ALLOW,
            NetworkSets.defaults(), 0, 24);
    }

    public RenderOptions withFormats(Set<Format> newFormats) {
        return new RenderOptions(newFormats, edition, allowSameNamespace, tierD, networkSets, foldMinPeers, foldPrefixLength,
            nameAddresses);
    }

    public RenderOptions withTierD(TierDPolicy newTierD) {
        return new RenderOptions(formats, edition, allowSameNamespace, newTierD, networkSets, foldMinPeers, foldPrefixLength,
            nameAddresses);
    }

    public RenderOptions withAllowSameNamespace(boolean allow) {
        return new RenderOptions(formats, edition, allow, tierD, networkSets, foldMinPeers, foldPrefixLength,
            nameAddresses);
    }

    public RenderOptions withNetworkSets(NetworkSets sets) {
        return new RenderOptions(formats, edition, allowSameNamespace, tierD, sets, foldMinPeers, foldPrefixLength,
            nameAddresses);
    }

    public RenderOptions withNameAddresses(NameAddresses addresses) {
        return new RenderOptions(formats, edition, allowSameNamespace, tierD, networkSets, foldMinPeers, foldPrefixLength,
            addresses);
    }

    public RenderOptions withEdition(CalicoEdition newEdition) {
        return new RenderOptions(formats, newEdition, allowSameNamespace, tierD, networkSets, foldMinPeers,
            foldPrefixLength, nameAddresses);
    }

    public RenderOptions withFolding(int minPeers, int prefixLength) {
        return new RenderOptions(formats, edition, allowSameNamespace, tierD, networkSets, minPeers, prefixLength,
            nameAddresses);
    }
}
