package io.flowpolicy.ingest.file;

import java.io.IOException;

/** A file does not begin with the bytes a {@link FilePosition} was taken on, or is shorter than the position. */
public final class PositionMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient FilePosition position;
    private final long fileSize;

    PositionMismatchException(String message, FilePosition position, long fileSize) {
        super(message);
        this.position = position;
        this.fileSize = fileSize;
    }

    /** The position the file did not match. */
    public FilePosition position() {
        return position;
    }

    /** The file's size when it was checked. */
    public long fileSize() {
        return fileSize;
    }
}
