package io.flowpolicy.streams.store;

import io.flowpolicy.model.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A store's values in a versioned binary form ({@link BinaryFields}) instead of JSON: the tracker reads and writes
 * a few records per rule and day, too few for Jackson's code to get compiled, so JSON cost it more than the rest of
 * its work. Values that releases before this format wrote as JSON are still read; those releases cannot read the
 * binary form (docs/state.md).
 */
public final class BinaryStoreSerde<T> implements Serde<T> {
    /** Writes one value's fields. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(DataOutput out, T value) throws IOException;
    }

    /** Reads back what the writer wrote; {@code in} holds one value, so {@code available()} says whether a field
     * added at its end since is there. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static final byte VERSION = 1;

    private final String what;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final JsonSerde<T> json;

    /** @param what names the values in error messages, e.g. {@code destination} */
    public BinaryStoreSerde(String what, Class<T> type, Writer<T> writer, Reader<T> reader) {
        this.what = what;
        this.writer = writer;
        this.reader = reader;
        this.json = JsonSerde.of(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    byte[] toBytes(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    T fromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return json.fromBytes(bytes);
        }
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new SerializationException("unknown " + what + " format "
                + (bytes.length == 0 ? "(empty value)" : "version " + bytes[0]));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("corrupt " + what + " record", e);
        }
    }
}
