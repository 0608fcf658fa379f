package io.flowpolicy.ingest.file;

import io.flowpolicy.model.Sha256;
import java.util.Objects;

/**
 * A point between two lines of a flow file, as a checkpoint keeps it: every line that starts before {@code offset}
 * is behind it, every other line ahead.
 *
 * @param offset the byte offset where the first line ahead starts; at the end of the file, the file's size
 * @param lines  the number of the last line before {@code offset} (1-based, blank lines counted); 0 at the start
 * @param sha256 hex SHA-256 of the file's bytes {@code [0, offset)}: whether a file still begins with the bytes a
 *               position was taken on
 */
public record FilePosition(long offset, long lines, String sha256) {
    /** Before the first line. */
    public static final FilePosition START = new FilePosition(0, 0, LineFiles.hex(Sha256.newDigest()));

    public FilePosition {
        if (offset < 0 || lines < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " or lines " + lines);
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
