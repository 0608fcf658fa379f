package io.flowpolicy.streams;

import java.nio.file.Path;
import org.apache.kafka.streams.errors.ProcessorStateException;

/**
 * Recognises failures of the local state (a RocksDB store that cannot be opened or written: corrupt files, a full
 * disk, lost permissions) and says how to recover. Every store is backed by a changelog topic, so deleting the
 * application's state directory loses nothing: the next start restores it from Kafka.
 */
public final class StateFailure {
    private StateFailure() {
    }

    /** Whether the exception, or one of its causes, is a state store failure. */
    public static boolean isStateFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProcessorStateException || t.getClass().getName().startsWith("org.rocksdb.")) {
                return true;
            }
        }
        return false;
    }

    /** One paragraph for the operator: what broke, where, and what to do. */
    public static String message(Path stateDir, String applicationId, Throwable e) {
        Path appDir = stateDir.toAbsolutePath().resolve(applicationId);
        return "the local state in " + appDir + " cannot be used: " + rootMessage(e) + ". Fix: stop this instance, "
            + "free disk space or fix permissions if that is the cause, otherwise delete " + appDir
            + " (every store is rebuilt from its changelog topic on the next start), then start again.";
    }

    private static String rootMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
