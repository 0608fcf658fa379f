package io.flowpolicy.ingest.kafka;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RawLineJson;
import java.util.Map;

/**
 * A raw line already in the form of one document of a raw topic record ({@code RawLineJson}: never a newline in
 * it), with what the publisher needs besides: its time (the record timestamp) and its labels (the record key is the
 * node that logged it).
 *
 * @param value the document; owned by this record from now on
 */
public record EncodedLine(long tsNanos, Map<String, String> labels, byte[] value) {

    /** The line encoded as the raw topic's own serde writes it. */
    public static EncodedLine of(RawLine line) {
        return new EncodedLine(line.tsNanos(), line.labels(), RawLineJson.write(line));
    }
}
