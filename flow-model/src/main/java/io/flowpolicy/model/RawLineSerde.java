package io.flowpolicy.model;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a topic with one raw line a record (the DNS query topic; the raw-line topic's {@link RawLinesSerde}
 * reads each of its documents with {@link #read}): the same JSON as {@link JsonSerde}, written and read by
 * {@link RawLineJson}, with Jackson as the fallback for any record of another shape (so producers other than
 * flowpolicy's still work).
 */
public final class RawLineSerde implements Serde<RawLine> {
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
            try {
                return read(bytes, 0, bytes.length, labels);
            } catch (IOException e) {
                throw new SerializationException("not a valid RawLine JSON record", e);
            }
        };
    }

    /**
     * The raw line in {@code bytes[from, to)}: read by {@link RawLineJson} when it has the simple shape with a
     * {@code ts} and a {@code line}, by Jackson otherwise.
     *
     * @throws IOException when Jackson cannot read it as a {@link RawLine} either
     */
    static RawLine read(byte[] bytes, int from, int to, RawLineJson.LabelsMemo labels) throws IOException {
        RawLineJson.Fields fields = RawLineJson.read(bytes, from, to, labels);
        if (fields == null || fields.ts() == null || fields.line() == null) {
            return JsonSerde.MAPPER.readValue(bytes, from, to - from, RawLine.class);
        }
        return new RawLine(fields.ts(), fields.labels(), fields.line());
    }
}
