package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.List;

/**
 * Receives the entries of consecutive windows, in window order, each window complete.
 *
 * <p>The implementation must commit {@code lines} and the cursor {@code windowEndNanos}
 * atomically: a restart that resumes reading from the last committed cursor then neither
 * duplicates nor misses an entry.
 */
@FunctionalInterface
public interface WindowSink {

    /**
     * @param lines          every entry with previous cursor {@code <= ts <} {@code windowEndNanos},
     *                       sorted by timestamp; empty for empty (possibly merged) windows
     * @param windowEndNanos the exclusive end of the window, i.e. the cursor to commit
     * @throws Exception aborts the read; nothing after this window is delivered
     */
    void accept(List<RawLine> lines, long windowEndNanos) throws Exception;
}
