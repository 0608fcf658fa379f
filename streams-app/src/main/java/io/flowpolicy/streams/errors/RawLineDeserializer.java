package io.flowpolicy.streams.errors;

import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads raw lines and refuses records the topology cannot process: JSON that parses but has no line text, or a
 * timestamp that is not a number. Refusing here hands them to {@link MalformedRecordHandler}; letting them through
 * would throw inside the processor, and a stream thread that fails on the same record after every replacement
 * never gets past it.
 */
public final class RawLineDeserializer implements Deserializer<RawLine> {
    private final Deserializer<RawLine> json = Topics.RAW_LINES.valueSerde().deserializer();

    @Override
    public RawLine deserialize(String topic, byte[] data) {
        RawLine line = json.deserialize(topic, data);
        if (line == null) {
            return null;
        }
        if (line.line() == null) {
            throw new SerializationException("raw line record without a 'line' field");
        }
        try {
            line.tsNanos();
        } catch (NumberFormatException e) {
            throw new SerializationException("raw line record whose 'ts' is not nanoseconds: " + line.ts(), e);
        }
        return line;
    }
}
