package io.flowpolicy.model;

import java.time.Instant;

/**
 * How far an ingest source has published: every entry before {@code cursorNanos} is on the raw topic, none after.
 * Written in the same transaction as the lines it covers, so a read_committed reader never sees one without the
 * other.
 *
 * @param cursorNanos the exclusive end of the last published window, ns since the epoch; serialised as a string
 *                    like {@link RawLine#ts()}, so JSON readers that parse numbers as doubles keep every digit
 * @param query       the LogQL query the cursor belongs to, for people reading the topic
 * @param updatedAt   when the checkpoint was written (wall clock of the ingest process)
 */
public record IngestCheckpoint(String cursorNanos, String query, Instant updatedAt) {

    public static IngestCheckpoint of(long cursorNanos, String query, Instant updatedAt) {
        return new IngestCheckpoint(Long.toString(cursorNanos), query, updatedAt);
    }

    public long cursor() {
        return Long.parseLong(cursorNanos);
    }
}
