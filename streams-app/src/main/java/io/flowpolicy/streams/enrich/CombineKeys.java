package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The key under which flows are combined before the enriched topic: source namespace, peer, protocol, port and the
 * period of the flow's time. The period is the day in the zone whose days the tracker counts, so a combined record
 * never spans two days; with DNS naming it is the quarter hour, because a combined record is named by its earliest
 * flow's pod and time. Not thread-safe: one per processor.
 */
public final class CombineKeys {
    private static final long NANOS_PER_QUARTER_HOUR = 900_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ZoneId dayZone;
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;

    private CombineKeys(ZoneId dayZone) {
        this.dayZone = dayZone;
    }

    public static CombineKeys perDay(ZoneId zone) {
        return new CombineKeys(zone);
    }

    /** Every zone's UTC offset is a multiple of 15 minutes, so a quarter hour never spans two days either. */
    public static CombineKeys perQuarterHour() {
        return new CombineKeys(null);
    }

    CombineKey of(EnrichedFlow flow) {
        return new CombineKey(flow, period(flow.ts()));
    }

    private long period(long tsNanos) {
        if (dayZone == null) {
            return Math.floorDiv(tsNanos, NANOS_PER_QUARTER_HOUR);
        }
        if (tsNanos < dayStart || tsNanos >= dayEnd) {
            // Flows come mostly in time order: the day's bounds are computed once per day, not per line.
            LocalDate day = Instant.ofEpochSecond(Math.floorDiv(tsNanos, NANOS_PER_SECOND)).atZone(dayZone)
                .toLocalDate();
            dayStart = day.atStartOfDay(dayZone).toEpochSecond() * NANOS_PER_SECOND;
            dayEnd = day.plusDays(1).atStartOfDay(dayZone).toEpochSecond() * NANOS_PER_SECOND;
        }
        return dayStart;
    }
}
