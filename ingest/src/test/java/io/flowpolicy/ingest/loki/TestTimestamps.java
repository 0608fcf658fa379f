package io.flowpolicy.ingest.loki;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Loki's {@code parseTimestamp}: ns integers, ≤10-digit integers as seconds, float seconds, RFC3339. */
final class TestTimestamps {

    private TestTimestamps() {
    }

    static long parse(String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            long n = Long.parseLong(value);
            return value.length() <= 10 ? n * 1_000_000_000L : n;
        }
        if (value.matches("\\d+\\.\\d*")) {
            return new BigDecimal(value).setScale(3, RoundingMode.HALF_UP).movePointRight(9).longValueExact();
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(value);
            return t.toEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot parse \"" + value + "\" to a valid timestamp");
        }
    }
}
