package io.flowpolicy.streams;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Topic;
import io.flowpolicy.model.Topics;
import io.flowpolicy.streams.dns.DnsTopology;
import io.flowpolicy.streams.dns.NameResolver;
import io.flowpolicy.streams.enrich.CombineKeys;
import io.flowpolicy.streams.enrich.FlowTime;
import io.flowpolicy.streams.enrich.InventoryCache;
import io.flowpolicy.streams.enrich.InventoryStoreUpdater;
import io.flowpolicy.streams.enrich.ParseAndEnrichProcessor;
import io.flowpolicy.streams.enrich.PendingFlowSerde;
import io.flowpolicy.streams.enrich.Routed;
import io.flowpolicy.streams.metrics.PipelineCounters;
import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.state.DestinationTracker;
import io.flowpolicy.streams.state.Emitted;
import io.flowpolicy.streams.state.TrackerSerdes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The flowpolicy topology, top to bottom:
 * <pre>
 * inventory topic ──► global store "inventory" (every IP's ownership intervals)
 * raw lines (up to 64 a record)
 *   ──► (no raw line in the record: rejected lines, "malformed-record", by MalformedRecordHandler)
 *   ──► parse + attribute each line as of its time ──┬─► rejected lines
 *       (repeats combined per rule and day in        └─► enriched flows (keyed by source namespace)
 *        "pending-flows-buffer", kept in "pending-flows" over commits)
 * enriched flows (stamped by the broker; the flow time read from the value)
 *                ──► destination tracker (stores "destinations", "destinations-daily", "namespace-activity",
 *                    "namespaces-unpublished": profiles and candidates of changed namespaces, published every 200 ms)
 *                        ├─► new destinations
 *                        ├─► stale destinations
 *                        ├─► namespace profiles
 *                        ├─► candidate policies
 *                        └─► rejected lines (flows older than the retention)
 * </pre>
 */
public final class FlowTopology {
    public static final String INVENTORY_STORE = "inventory";

    private FlowTopology() {
    }

    public static Topology build(TopologySettings settings) {
        return build(settings, PipelineCounters.NONE);
    }

    /** @param counters shared by every task's processors, so it must be thread-safe */
    public static Topology build(TopologySettings settings, PipelineCounters counters) {
        return build(settings, counters, settings.dns().enabled() ? DnsTopology.resolverFor(settings.dns()) : null);
    }

    /**
     * @param resolver the DNS resolver naming external peers; used only when {@code settings.dns()} is enabled
     */
    public static Topology build(TopologySettings settings, PipelineCounters counters, NameResolver resolver) {
        StreamsBuilder builder = new StreamsBuilder();
        InventoryCache inventoryCache = new InventoryCache();
        builder.addGlobalStore(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INVENTORY_STORE), Serdes.String(),
                Topics.INVENTORY.valueSerde()).withLoggingDisabled(),
            Topics.INVENTORY.name(), consumed(Topics.INVENTORY),
            () -> new InventoryStoreUpdater(INVENTORY_STORE, inventoryCache, counters));

        CalicoLineParser parser = new CalicoLineParser(settings.linePrefix(), settings.maxLineLength());
        // Repeats are combined in a plain map that is written into the changelogged store before each commit; a
        // record cache on that store would be flushed before the map is and hold the map's last writes uncommitted.
        builder.addStateStore(ParseAndEnrichProcessor.bufferStore());
        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ParseAndEnrichProcessor.PENDING_STORE), Serdes.String(),
            new PendingFlowSerde()).withCachingDisabled());
        // A record with no raw line in it goes to the rejected topic through MalformedRecordHandler; a record of
        // several lines with some bad documents among them is read, and its bad documents rejected by the processor.
        KStream<String, Routed> routed = builder.stream(Topics.RAW_LINES.name(), consumed(Topics.RAW_LINES))
            .process(() -> new ParseAndEnrichProcessor(INVENTORY_STORE, inventoryCache, parser, settings.nodeLabels(),
                settings.combineInterval(), combineKeys(settings), counters), Named.as("parse-and-enrich"),
                ParseAndEnrichProcessor.BUFFER_STORE, ParseAndEnrichProcessor.PENDING_STORE);
        routed.split(Named.as("route-"))
            .branch((key, value) -> value.isFlow(), Branched.withConsumer(flows -> flows
                .mapValues(Routed::flow, Named.as("flow-value"))
                .to(Topics.ENRICHED_FLOWS.name(), produced(Topics.ENRICHED_FLOWS)), "flows"))
            .defaultBranch(Branched.withConsumer(rejected -> rejected
                .mapValues(Routed::rejected, Named.as("rejected-value"))
                .to(Topics.REJECTED_LINES.name(), produced(Topics.REJECTED_LINES)), "rejected"));

        // No record cache on this store: the combining upstream already removed the repeats, so a cache would mostly
        // hold keys that are read once.
        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DestinationTracker.DESTINATIONS_STORE), Serdes.String(),
            TrackerSerdes.destinations()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DestinationTracker.ACTIVITY_STORE), Serdes.String(),
            TrackerSerdes.activity()).withCachingEnabled());
        Duration dailyRetention = settings.retention().plus(Duration.ofDays(1));
        // Its changelog's time retention counts from the broker's append, not the flow time its records carry: a
        // backfill of flows older than the retention had its days deleted there at once, and a restore lost them.
        builder.addStateStore(Stores.windowStoreBuilder(
            Stores.persistentWindowStore(DestinationTracker.DAILY_STORE, dailyRetention, Duration.ofDays(1), false),
            Serdes.String(), TrackerSerdes.daily()).withCachingEnabled()
            .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        // In memory: one entry per namespace that changed since the last publish, restored from its changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(DestinationTracker.UNPUBLISHED_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
        KStream<String, EnrichedFlow> enriched = builder.stream(Topics.ENRICHED_FLOWS.name(),
            consumed(Topics.ENRICHED_FLOWS).withTimestampExtractor(new FlowTime()));
        // DNS naming (docs/dns.md) only with a DNS source, so that without one the topology is unchanged.
        if (settings.dns().enabled()) {
            enriched = DnsTopology.nameExternalPeers(builder, enriched, settings.dns(), INVENTORY_STORE, inventoryCache,
                resolver);
        }
        KStream<String, Emitted> emitted = enriched
            .process(() -> new DestinationTracker(settings.readiness(), settings.retention(),
                    settings.combineInterval(), counters),
                Named.as("track-destinations"), DestinationTracker.DESTINATIONS_STORE, DestinationTracker.DAILY_STORE,
                DestinationTracker.ACTIVITY_STORE, DestinationTracker.UNPUBLISHED_STORE);
        emitted.split(Named.as("emit-"))
            .branch((key, value) -> value.newDestination() != null, Branched.withConsumer(events -> events
                .mapValues(Emitted::newDestination, Named.as("new-destination-value"))
                .to(Topics.NEW_DESTINATIONS.name(), produced(Topics.NEW_DESTINATIONS)), "new-destinations"))
            .branch((key, value) -> value.stale() != null, Branched.withConsumer(events -> events
                .mapValues(Emitted::stale, Named.as("stale-value"))
                .to(Topics.STALE_DESTINATIONS.name(), produced(Topics.STALE_DESTINATIONS)), "stale"))
            .branch((key, value) -> value.rejected() != null, Branched.withConsumer(events -> events
                .mapValues(Emitted::rejected, Named.as("too-late-value"))
                .to(Topics.REJECTED_LINES.name(), produced(Topics.REJECTED_LINES).withName("too-late-to-"
                    + Topics.REJECTED_LINES.name())), "too-late"))
            .branch((key, value) -> value.profile() != null, Branched.withConsumer(profiles -> profiles
                .mapValues(Emitted::profile, Named.as("profile-value"))
                .to(Topics.PROFILES.name(), produced(Topics.PROFILES)), "profiles"))
            .defaultBranch(Branched.withConsumer(candidates -> candidates
                .mapValues(Emitted::candidate, Named.as("candidate-value"))
                .to(Topics.CANDIDATE_POLICIES.name(), produced(Topics.CANDIDATE_POLICIES)), "candidates"));
        return builder.build();
    }

    private static CombineKeys combineKeys(TopologySettings settings) {
        return settings.dns().enabled() ? CombineKeys.perQuarterHour()
            : CombineKeys.perDay(settings.readiness().zone());
    }

    private static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName("from-" + topic.name());
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + topic.name());
    }
}
