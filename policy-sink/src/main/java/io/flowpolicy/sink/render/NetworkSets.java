package io.flowpolicy.sink.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable collection of {@link NetworkSet}s, and the lookup of the set an address belongs to. When sets
 * overlap, the one with the longest matching prefix wins, then the smaller name, so a lookup is deterministic.
 */
public final class NetworkSets {
    private static final String DEFAULT_RESOURCE = "cloudflare.yaml";
    private static final NetworkSets NONE = new NetworkSets(List.of());

    private final List<NetworkSet> sets;
    private final List<Entry> index;

    private record Entry(Cidr cidr, NetworkSet set) {
    }

    private NetworkSets(Collection<NetworkSet> sets) {
        TreeMap<String, NetworkSet> byName = new TreeMap<>();
        for (NetworkSet set : sets) {
            if (byName.put(set.name(), set) != null) {
                throw new IllegalArgumentException("duplicate network set name: " + set.name());
            }
        }
        this.sets = List.copyOf(byName.values());
        List<Entry> entries = new ArrayList<>();
        this.sets.forEach(s -> s.cidrs().forEach(c -> entries.add(new Entry(Cidr.parse(c), s))));
        this.index = List.copyOf(entries);
    }

    /** No sets: every external peer is rendered by address. */
    public static NetworkSets none() {
        return NONE;
    }

    /** The sets shipped with the renderer: Cloudflare's published ranges. */
    public static NetworkSets defaults() {
        try (InputStream in = NetworkSets.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the classpath: " + DEFAULT_RESOURCE);
            }
            return of(NetworkSetFiles.readOwnFormat(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + DEFAULT_RESOURCE, e);
        }
    }

    public static NetworkSets of(Collection<NetworkSet> sets) {
        return new NetworkSets(sets);
    }

    /**
     * Reads a file in any supported format, recognised by content: the network-set YAML list, AWS
     * {@code ip-ranges.json} (sets per service and region) or Google Cloud {@code cloud.json} (per service and
     * scope).
     *
     * @throws IOException when the file cannot be read or parsed
     * @throws IllegalArgumentException when the content is valid YAML/JSON but not one of these formats
     */
    public static NetworkSets load(Path path) throws IOException {
        return of(NetworkSetFiles.read(path));
    }

    /** These sets and the other's. @throws IllegalArgumentException when both hold a set of the same name */
    public NetworkSets plus(NetworkSets other) {
        List<NetworkSet> all = new ArrayList<>(sets);
        all.addAll(other.sets);
        return new NetworkSets(all);
    }

    /** The sets, sorted by name. */
    public List<NetworkSet> sets() {
        return sets;
    }

    /** The set holding this address, if any. @throws IllegalArgumentException when ip is not an IP literal */
    public Optional<NetworkSet> find(String ip) {
        return find(Cidr.host(ip));
    }

    Optional<NetworkSet> find(Cidr host) {
        return index.stream()
            .filter(e -> e.cidr().contains(host))
            .min(Comparator.comparingInt((Entry e) -> -e.cidr().prefixLength())
                .thenComparing(e -> e.set().name()))
            .map(Entry::set);
    }
}
