package io.flowpolicy.model;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The raw-line topic's serde: the same JSON as {@link JsonSerde}, written and read by {@link RawLineJson}, with
 * Jackson as the fallback for any record of another shape (so producers other than flowpolicy's still work).
 */
public final class RawLineSerde implements Serde<RawLine> {
    private static final JsonSerde<RawLine> JACKSON = JsonSerde.of(RawLine.class);

    @Override
    public Serializer<RawLine> serializer() {
        return (topic, line) -> line == null ? null : RawLineJson.write(line);
    }

    @Override
    public Deserializer<RawLine> deserializer() {
        RawLineJson.LabelsMemo labels = new RawLineJson.LabelsMemo();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            RawLineJson.Fields fields = RawLineJson.read(bytes, labels);
            if (fields == null || fields.ts() == null || fields.line() == null) {
                return JACKSON.fromBytes(bytes);
            }
            return new RawLine(fields.ts(), fields.labels(), fields.line());
        };
    }
}
