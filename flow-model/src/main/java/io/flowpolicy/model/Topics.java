package io.flowpolicy.model;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the pipeline, with its key and value serdes. Schemas are documented in docs/topics.md. */
public final class Topics {
    private static final Serde<String> KEY = Serdes.String();

    /** Raw lines from Loki or a file, keyed by node. */
    public static final Topic<String, RawLines> RAW_LINES =
        new Topic<>("flowpolicy.lines.raw", KEY, new RawLinesSerde());
    /** Lines that could not be used, with the reason, keyed by node. */
    public static final Topic<String, RejectedLine> REJECTED_LINES =
        new Topic<>("flowpolicy.lines.rejected", KEY, JsonSerde.of(RejectedLine.class));
    /** IP ownership intervals, compacted, keyed by IP and owner. */
    public static final Topic<String, InventoryRecord> INVENTORY =
        new Topic<>("flowpolicy.inventory", KEY, JsonSerde.of(InventoryRecord.class));
    /** Flows attributed to source and destination, keyed by source namespace. */
    public static final Topic<String, EnrichedFlow> ENRICHED_FLOWS =
        new Topic<>("flowpolicy.flows.enriched", KEY, JsonSerde.of(EnrichedFlow.class));
    /** First sightings of (namespace, peer, protocol, port), keyed by namespace. */
    public static final Topic<String, NewDestination> NEW_DESTINATIONS =
        new Topic<>("flowpolicy.destinations.new", KEY, JsonSerde.of(NewDestination.class));
    /** Rules not seen for the whole retention period, keyed by namespace. */
    public static final Topic<String, StaleDestination> STALE_DESTINATIONS =
        new Topic<>("flowpolicy.destinations.stale", KEY, JsonSerde.of(StaleDestination.class));
    /** Namespace profiles, compacted, keyed by namespace. */
    public static final Topic<String, NamespaceProfile> PROFILES =
        new Topic<>("flowpolicy.namespaces.profile", KEY, JsonSerde.of(NamespaceProfile.class));
    /** Candidate policies, compacted, keyed by namespace. */
    public static final Topic<String, CandidatePolicy> CANDIDATE_POLICIES =
        new Topic<>("flowpolicy.policies.candidate", KEY, JsonSerde.of(CandidatePolicy.class));

    /** Ingest cursors, compacted, keyed by source id; written in the transaction of the lines they cover. */
    public static final Topic<String, IngestCheckpoint> INGEST_CHECKPOINTS =
        new Topic<>("flowpolicy.ingest.checkpoint", KEY, JsonSerde.of(IngestCheckpoint.class));
    /** CoreDNS query log lines from Loki or a file, keyed by node; see docs/dns.md. */
    public static final Topic<String, RawLine> DNS_QUERIES =
        new Topic<>("flowpolicy.dns.queries", KEY, new RawLineSerde());
    /** A pod's query and one address of the name, keyed by the pod's namespace (co-partitioned with flows). */
    public static final Topic<String, DnsResolution> DNS_RESOLUTIONS =
        new Topic<>("flowpolicy.dns.resolutions", KEY, JsonSerde.of(DnsResolution.class));
    /** Every name-to-address mapping seen, with its time range, compacted, keyed {@code <name>|<ip>}. */
    public static final Topic<String, NameAddress> DNS_NAMES =
        new Topic<>("flowpolicy.dns.names", KEY, JsonSerde.of(NameAddress.class));

    /** Topics whose latest value per key is all that matters. */
    public static final List<Topic<?, ?>> COMPACTED = List.of(INVENTORY, PROFILES, CANDIDATE_POLICIES,
        INGEST_CHECKPOINTS, DNS_NAMES);
    /** Topics with a handful of keys, created with one partition whatever the layout's partition count. */
    public static final List<Topic<?, ?>> SINGLE_PARTITION = List.of(INGEST_CHECKPOINTS);
    public static final List<Topic<?, ?>> ALL =
        List.of(RAW_LINES, REJECTED_LINES, INVENTORY, ENRICHED_FLOWS, NEW_DESTINATIONS, STALE_DESTINATIONS, PROFILES,
            CANDIDATE_POLICIES, INGEST_CHECKPOINTS, DNS_QUERIES, DNS_RESOLUTIONS, DNS_NAMES);

    private Topics() {
    }
}
