package io.flowpolicy.streams.dns;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Topic;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.enrich.InventoryCache;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The DNS part of the topology, added by {@code FlowTopology} only when a DNS source is configured:
 * <pre>
 * DNS queries ──► answered A/AAAA queries, by name ──► resolve + attribute the client pod ──┬─► DNS names (compacted)
 *                 (repartition "dns-by-name")            (store "dns-names")                 └─► DNS resolutions
 * DNS resolutions + enriched flows (both keyed by namespace) ──► name external peers (store "dns-queried") ──► tracker
 * </pre>
 */
public final class DnsTopology {
    private DnsTopology() {
    }

    /** The resolver the settings name: the configured server, cached by TTL. */
    public static NameResolver resolverFor(DnsSettings settings) {
        return new CachingResolver(new DnsClient(settings.server(), settings.timeout(), 2), Clock.systemUTC());
    }

    /**
     * Adds the DNS steps to {@code builder} and returns {@code flows} with external peers named.
     *
     * @param inventoryStore the global inventory store, for the querying pod of a client IP
     */
    public static KStream<String, EnrichedFlow> nameExternalPeers(StreamsBuilder builder,
                                                                   KStream<String, EnrichedFlow> flows,
                                                                   DnsSettings settings, String inventoryStore,
                                                                   InventoryCache inventoryCache,
                                                                   NameResolver resolver) {
        CoreDnsLineParser parser = new CoreDnsLineParser(settings.linePattern());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DnsQueryProcessor.NAMES_STORE),
            Serdes.String(), Topics.DNS_NAMES.valueSerde()));
        KStream<String, DnsOutput> outputs = builder.stream(Topics.DNS_QUERIES.name(), consumed(Topics.DNS_QUERIES))
            // Only answered address queries go through the repartition: most CoreDNS lines are search-path misses.
            .selectKey((node, raw) -> nameOf(parser, raw), Named.as("dns-query-name"))
            .filter((name, raw) -> name != null, Named.as("dns-address-queries"))
            .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(RawLine.class)).withName("dns-by-name"))
            .process(() -> new DnsQueryProcessor(inventoryStore, inventoryCache, parser, resolver),
                Named.as("dns-resolve"), DnsQueryProcessor.NAMES_STORE);
        outputs.split(Named.as("dns-"))
            .branch((key, out) -> out.isResolution(), Branched.withConsumer(resolutions -> resolutions
                .mapValues(DnsOutput::resolution, Named.as("dns-resolution-value"))
                .to(Topics.DNS_RESOLUTIONS.name(), produced(Topics.DNS_RESOLUTIONS)), "resolutions"))
            .defaultBranch(Branched.withConsumer(mappings -> mappings
                .mapValues(DnsOutput::mapping, Named.as("dns-mapping-value"))
                .to(Topics.DNS_NAMES.name(), produced(Topics.DNS_NAMES)), "names"));

        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NameAttributor.QUERIED_STORE), Serdes.String(), QueryRanges.serde()));
        KStream<String, NamingInput> resolutions = builder.stream(Topics.DNS_RESOLUTIONS.name(),
                consumed(Topics.DNS_RESOLUTIONS))
            .mapValues(NamingInput::of, Named.as("dns-resolution-input"));
        return flows.mapValues(NamingInput::of, Named.as("dns-flow-input"))
            .merge(resolutions, Named.as("dns-naming-input"))
            .process(() -> new NameAttributor(settings, resolver), Named.as("dns-name-peers"),
                NameAttributor.QUERIED_STORE);
    }

    private static String nameOf(CoreDnsLineParser parser, RawLine raw) {
        return Optional.ofNullable(raw).flatMap(r -> parser.addressQuery(r.line()))
            .map(CoreDnsLineParser.Query::name).orElse(null);
    }

    private static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName("from-" + topic.name());
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + topic.name());
    }
}
