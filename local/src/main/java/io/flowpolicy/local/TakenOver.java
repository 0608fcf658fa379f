package io.flowpolicy.local;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Recognizes an ingest whose transactional producer another run of the same source fenced: that run took the source
 * over (its initTransactions aborted this one's transaction), so this one must stop, and say why in one line.
 */
final class TakenOver {
    private TakenOver() {
    }

    /** Whether {@code e}, a cause of it, or one they suppressed, is Kafka's answer to a fenced producer. */
    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (is(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The one line to print, for the source of {@code what} (a Loki URL or a file). */
    static String message(String what) {
        return "another ingest of the same source (" + what + ") took it over: its producer fenced this one's, which "
            + "stops here without losing or doubling a line; run one ingest per source (one replica, or a different "
            + "--query or --tenant per instance)";
    }
}
