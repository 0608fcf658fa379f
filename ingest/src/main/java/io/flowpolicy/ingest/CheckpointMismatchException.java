package io.flowpolicy.ingest;

import io.flowpolicy.ingest.file.FilePosition;
import io.flowpolicy.ingest.file.PositionMismatchException;
import java.nio.file.Path;

/**
 * A flow file's source has a checkpoint, but the file does not begin with the bytes the checkpoint covers (it is
 * shorter, or different before the checkpoint's offset): resuming would skip or repeat lines, so nothing is
 * published. The message names the file, the checkpoint and the fix.
 */
public final class CheckpointMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    CheckpointMismatchException(Path file, String sourceId, String checkpointedPath, PositionMismatchException cause) {
        super(message(file, sourceId, checkpointedPath, cause), cause);
    }

    private static String message(Path file, String sourceId, String checkpointedPath, PositionMismatchException e) {
        FilePosition at = e.position();
        String difference = e.fileSize() < at.offset()
            ? file + " has only " + e.fileSize() + " bytes"
            : "the first " + at.offset() + " bytes of " + file + " differ from those";
        return file + " does not continue the file its source was checkpointed on: source " + sourceId + " (the "
            + "same first line) was published through line " + at.lines() + " (byte " + at.offset() + ") of "
            + checkpointedPath + ", but " + difference + ". Nothing was published. To publish " + file + " from line 1 anyway, rerun with "
            + "--republish (the lines an earlier run published are then on the raw topic twice).";
    }
}
