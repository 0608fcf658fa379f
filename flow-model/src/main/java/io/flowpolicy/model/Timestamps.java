package io.flowpolicy.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Conversions between the timestamp forms the sources use: ns-epoch strings and RFC 3339. */
public final class Timestamps {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timestamps() {
    }

    public static Instant ofNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    public static long toMillis(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    /**
     * Parses an RFC 3339 timestamp with any fraction and offset ({@code 2026-05-18T10:00:00.123456789Z},
     * {@code 2026-05-18T12:00:00+02:00}).
     *
     * @throws IllegalArgumentException naming the value when it is not RFC 3339
     */
    public static Instant parseRfc3339(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: '" + text + "'", e);
        }
    }

    /** Parses a ns-epoch integer string, as Loki writes timestamps. */
    public static long parseNanos(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a nanosecond epoch timestamp: '" + text + "'", e);
        }
    }
}
