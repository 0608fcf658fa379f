package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for the pending-flows store. The store is read and written once per line, so JSON there
 * cost more than parsing the line; the store and its changelog are internal, so no other reader depends on the format.
 */
public final class PendingFlowSerde implements Serde<EnrichedFlow> {
    /**
     * Version 2 adds the peer's DNS names and PTR hint, which version 1 dropped. Flows are named after the enriched
     * topic, so the flows kept here have neither and are still written as version 1, which older releases read too.
     */
    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_NAMES = 1;

    @Override
    public Serializer<EnrichedFlow> serializer() {
        return (topic, flow) -> flow == null ? null : write(flow);
    }

    @Override
    public Deserializer<EnrichedFlow> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(EnrichedFlow flow) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Peer peer = flow.peer();
            boolean named = !peer.names().isEmpty() || peer.hint() != null;
            out.writeByte(named ? VERSION : VERSION_WITHOUT_NAMES);
            out.writeLong(flow.ts());
            out.writeLong(flow.lastTs());
            out.writeLong(flow.count());
            out.writeInt(flow.port());
            writeText(out, flow.node());
            writeText(out, flow.srcNamespace());
            writeText(out, flow.srcWorkload());
            writeText(out, flow.srcPod());
            writeText(out, flow.protocol());
            writeText(out, flow.policy());
            writeText(out, peer.kind());
            writeText(out, peer.namespace());
            writeText(out, peer.name());
            writeText(out, peer.ip());
            out.writeInt(peer.labels().size());
            for (Map.Entry<String, String> label : peer.labels().entrySet()) {
                writeText(out, label.getKey());
                writeText(out, label.getValue());
            }
            if (named) {
                out.writeInt(peer.names().size());
                for (String name : peer.names()) {
                    writeText(out, name);
                }
                writeText(out, peer.hint());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EnrichedFlow read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_NAMES) {
                throw new SerializationException("unknown pending-flow format version " + version);
            }
            long ts = in.readLong();
            long lastTs = in.readLong();
            long count = in.readLong();
            int port = in.readInt();
            String node = readText(in);
            String namespace = readText(in);
            String workload = readText(in);
            String pod = readText(in);
            String protocol = readText(in);
            String policy = readText(in);
            String kind = readText(in);
            String peerNamespace = readText(in);
            String peerName = readText(in);
            String peerIp = readText(in);
            int labelCount = in.readInt();
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelCount; i++) {
                labels.put(readText(in), readText(in));
            }
            List<String> names = new ArrayList<>();
            String hint = null;
            if (version == VERSION) {
                int nameCount = in.readInt();
                for (int i = 0; i < nameCount; i++) {
                    names.add(readText(in));
                }
                hint = readText(in);
            }
            return new EnrichedFlow(ts, node, namespace, workload, pod,
                new Peer(kind, peerNamespace, peerName, peerIp, labels, names, hint), protocol, port, policy, count,
                lastTs);
        } catch (IOException e) {
            throw new SerializationException("corrupt pending-flow record", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
