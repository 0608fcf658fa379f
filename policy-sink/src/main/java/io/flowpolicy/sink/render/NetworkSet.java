package io.flowpolicy.sink.render;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * A named set of CIDRs, such as a cloud provider's published ranges. External peers inside a set are referred to
 * by the set rather than by address. This is also the record of the network-set file format (a YAML list of these).
 *
 * @param name   DNS-1123 label; Calico's GlobalNetworkSet is {@code flowpolicy-<name>}, labelled
 *               {@code flowpolicy.io/set: <name>}
 * @param labels further labels for the GlobalNetworkSet (validated as Kubernetes labels)
 * @param cidrs  IPv4 and IPv6 prefixes; canonicalised, deduplicated and sorted (IPv4 first, by address)
 * @param source where the ranges come from, free text (a URL, a file's sync token)
 * @throws IllegalArgumentException naming the value when the name, a label or a CIDR is invalid
 */
@JsonPropertyOrder({"name", "labels", "source", "cidrs"})
public record NetworkSet(String name, Map<String, String> labels, List<String> cidrs, String source) {
    public NetworkSet {
        Names.dnsLabel("network set name", name);
        SortedMap<String, String> checked = Names.labels(labels == null ? Map.of() : labels);
        if (checked.containsKey(RenderLabels.SET)) {
            throw new IllegalArgumentException("label " + RenderLabels.SET + " is reserved, set " + name);
        }
        labels = java.util.Collections.unmodifiableSortedMap(checked);
        Objects.requireNonNull(cidrs, "cidrs of set " + name);
        TreeSet<Cidr> parsed = new TreeSet<>();
        cidrs.forEach(c -> parsed.add(Cidr.parse(c)));
        cidrs = parsed.stream().map(Cidr::toString).toList();
        source = source == null ? "" : source;
    }
}
