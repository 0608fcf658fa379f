package io.flowpolicy.local.generate;

import java.io.IOException;

/** Where generated flow lines go: a file, a Loki push batcher, a live logger. Called in time order. */
@FunctionalInterface
public interface FlowSink {
    /**
     * @param tsNanos the line's time, nanoseconds since the epoch (whole microseconds, as journald stamps)
     * @param host    the node whose kernel wrote the line (the {@code host} stream label)
     * @param line    the line text as it would be stored in Loki
     */
    void accept(long tsNanos, String host, String line) throws IOException;
}
