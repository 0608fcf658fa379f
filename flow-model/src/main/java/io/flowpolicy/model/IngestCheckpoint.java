package io.flowpolicy.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * How far an ingest source has published. A Loki source has a cursor: every entry before {@code cursorNanos} is on
 * the raw topic, none after. A flow file has a {@link FileProgress} instead, and no cursor or query. Written in the
 * same transaction as the lines it covers, so a read_committed reader never sees one without the other.
 *
 * @param cursorNanos the exclusive end of the last published window, ns since the epoch; serialised as a string
 *                    like {@link RawLine#ts()}, so JSON readers that parse numbers as doubles keep every digit; null
 *                    for a file
 * @param query       the LogQL query the cursor belongs to, for people reading the topic; null for a file
 * @param updatedAt   when the checkpoint was written (wall clock of the ingest process)
 * @param file        how far a flow file is published; null for a Loki source (and in checkpoints written before
 *                    files had one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestCheckpoint(String cursorNanos, String query, Instant updatedAt, FileProgress file) {

    /** A Loki source's checkpoint. */
    public IngestCheckpoint(String cursorNanos, String query, Instant updatedAt) {
        this(cursorNanos, query, updatedAt, null);
    }

    public static IngestCheckpoint of(long cursorNanos, String query, Instant updatedAt) {
        return new IngestCheckpoint(Long.toString(cursorNanos), query, updatedAt);
    }

    /** A flow file's checkpoint. */
    public static IngestCheckpoint of(FileProgress file, Instant updatedAt) {
        return new IngestCheckpoint(null, null, updatedAt, Objects.requireNonNull(file, "file"));
    }

    /**
     * The cursor of a Loki source.
     *
     * @throws IllegalStateException for a file's checkpoint, which has none
     */
    public long cursor() {
        if (cursorNanos == null) {
            throw new IllegalStateException("checkpoint without a cursor (a file's?): " + this);
        }
        return Long.parseLong(cursorNanos);
    }

    /**
     * How far a flow file is published: every line that starts before {@code offset} is on the raw topic (or, when
     * rejected, on the rejected topic), none after.
     *
     * @param path   the file's absolute path when the checkpoint was written, for people; a copy elsewhere resumes
     * @param offset the byte offset where the first line not yet published starts; the file's size at its end
     * @param lines  the number of the last line before {@code offset} (1-based, blank lines counted)
     * @param sha256 hex SHA-256 of the file's bytes {@code [0, offset)}: a run resumes only in a file that still
     *               begins with them
     */
    public record FileProgress(String path, long offset, long lines, String sha256) {
    }
}
