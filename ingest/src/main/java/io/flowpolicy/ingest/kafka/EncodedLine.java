package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Topics;
import java.util.Map;

/**
 * A raw line already in the raw topic's value form, with what the publisher needs besides: its time (the record
 * timestamp) and its labels (the record key is the node that logged it).
 *
 * @param value the record value; owned by this record from now on
 */
public record EncodedLine(long tsNanos, Map<String, String> labels, byte[] value) {

    /** The line encoded by the raw topic's own serde. */
    public static EncodedLine of(RawLine line) {
        return new EncodedLine(line.tsNanos(), line.labels(),
            Topics.RAW_LINES.valueSerde().serializer().serialize(Topics.RAW_LINES.name(), line));
    }
}
