package io.flowpolicy.ingest.file;

import io.flowpolicy.model.RejectedLine;

/** What one line of an input file turned into: a value, or a rejection naming the file and line number. */
public sealed interface SourceLine<T> {
    record Accepted<T>(T value) implements SourceLine<T> {
    }

    record Rejected<T>(RejectedLine rejection) implements SourceLine<T> {
    }
}
