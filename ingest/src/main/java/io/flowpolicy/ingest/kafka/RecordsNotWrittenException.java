package io.flowpolicy.ingest.kafka;

/** Records the broker did not take after the producer's retries: the run must not report them as published. */
public final class RecordsNotWrittenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordsNotWrittenException(String message, Throwable firstFailure) {
        super(message, firstFailure);
    }
}
