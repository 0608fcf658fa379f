package io.flowpolicy.local;

/** The pipeline of a run cannot finish its input; the message says why. */
final class AnalysisFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AnalysisFailedException(String message) {
        super(message);
    }
}
