package io.flowpolicy.streams.store;

import io.flowpolicy.model.Peer;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of flowpolicy's binary store formats, written with {@link DataOutput}: nullable texts, exact instants and
 * peers. The stores and their changelogs are internal, so these formats answer to no one but their own readers.
 */
public final class BinaryFields {
    private BinaryFields() {
    }

    public static void writeText(DataOutput out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    public static String readText(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** To the nanosecond, as the flows' own times are. */
    public static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    public static Instant readInstant(DataInput in) throws IOException {
        long seconds = in.readLong();
        return Instant.ofEpochSecond(seconds, in.readInt());
    }

    /** A peer; its DNS names and PTR hint only when {@code withNames} (a format that had none leaves them out). */
    public static void writePeer(DataOutput out, Peer peer, boolean withNames) throws IOException {
        writeText(out, peer.kind());
        writeText(out, peer.namespace());
        writeText(out, peer.name());
        writeText(out, peer.ip());
        out.writeInt(peer.labels().size());
        for (Map.Entry<String, String> label : peer.labels().entrySet()) {
            writeText(out, label.getKey());
            writeText(out, label.getValue());
        }
        if (withNames) {
            writeTexts(out, peer.names());
            writeText(out, peer.hint());
        }
    }

    public static Peer readPeer(DataInput in, boolean withNames) throws IOException {
        String kind = readText(in);
        String namespace = readText(in);
        String name = readText(in);
        String ip = readText(in);
        int labelCount = in.readInt();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelCount; i++) {
            labels.put(readText(in), readText(in));
        }
        List<String> names = List.of();
        String hint = null;
        if (withNames) {
            names = readTexts(in);
            hint = readText(in);
        }
        return new Peer(kind, namespace, name, ip, labels, names, hint);
    }

    /**
     * A node peer's addresses when it was reached on several ({@link Peer#addresses}), as the last field of a value
     * and only when there are some: values written before the field existed end where it would start, and the
     * release before it reads the ones with it and ignores it.
     */
    public static void writeAddresses(DataOutput out, Peer peer) throws IOException {
        if (!peer.addresses().isEmpty()) {
            writeTexts(out, peer.addresses());
        }
    }

    /** {@code peer} with the addresses {@link #writeAddresses} wrote at the end of {@code in}, if it wrote any. */
    public static Peer readAddresses(DataInputStream in, Peer peer) throws IOException {
        if (in.available() == 0) {
            return peer;
        }
        return new Peer(peer.kind(), peer.namespace(), peer.name(), peer.ip(), peer.labels(), peer.names(),
            peer.hint(), readTexts(in));
    }

    private static void writeTexts(DataOutput out, List<String> texts) throws IOException {
        out.writeInt(texts.size());
        for (String text : texts) {
            writeText(out, text);
        }
    }

    private static List<String> readTexts(DataInput in) throws IOException {
        int count = in.readInt();
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(readText(in));
        }
        return texts;
    }
}
