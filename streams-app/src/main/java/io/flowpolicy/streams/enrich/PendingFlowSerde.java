package io.flowpolicy.streams.enrich;

import io.flowpolicy.model.EnrichedFlow;
import io.flowpolicy.model.Peer;
import io.flowpolicy.streams.store.BinaryFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
     * Either version ends with a node's addresses when it was reached on several ({@link BinaryFields#writeAddresses}).
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
            BinaryFields.writeText(out, flow.node());
            BinaryFields.writeText(out, flow.srcNamespace());
            BinaryFields.writeText(out, flow.srcWorkload());
            BinaryFields.writeText(out, flow.srcPod());
            BinaryFields.writeText(out, flow.protocol());
            BinaryFields.writeText(out, flow.policy());
            BinaryFields.writePeer(out, peer, named);
            BinaryFields.writeAddresses(out, peer);
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
            String node = BinaryFields.readText(in);
            String namespace = BinaryFields.readText(in);
            String workload = BinaryFields.readText(in);
            String pod = BinaryFields.readText(in);
            String protocol = BinaryFields.readText(in);
            String policy = BinaryFields.readText(in);
            Peer peer = BinaryFields.readAddresses(in, BinaryFields.readPeer(in, version == VERSION));
            return new EnrichedFlow(ts, node, namespace, workload, pod, peer, protocol, port, policy, count, lastTs);
        } catch (IOException e) {
            throw new SerializationException("corrupt pending-flow record", e);
        }
    }
}
