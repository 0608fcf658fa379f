package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;

/**
 * The key under which flows are combined before the enriched topic: source namespace, peer, protocol, port and the
 * quarter hour of the flow's time. Every zone's UTC offset is a multiple of 15 minutes, so a combined record never
 * spans two days in whatever zone days are counted.
 */
final class CombineKeys {
    private static final long NANOS_PER_QUARTER_HOUR = 900_000_000_000L;

    private CombineKeys() {
    }

    static String of(EnrichedFlow flow) {
        return flow.srcNamespace() + '\u0000' + flow.peer().id() + '\u0000' + flow.protocol() + '\u0000' + flow.port()
            + '\u0000' + Math.floorDiv(flow.ts(), NANOS_PER_QUARTER_HOUR);
    }
}
