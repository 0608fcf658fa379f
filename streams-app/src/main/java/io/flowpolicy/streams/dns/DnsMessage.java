package io.flowpolicy.streams.dns;

import java.io.ByteArrayOutputStream;
import io.flowpolicy.model.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 1035 messages, as far as a stub resolver needs them: one question out, the answer section back. Pure; a
 * malformed response is an {@link IllegalArgumentException}, never a partial answer.
 */
final class DnsMessage {
    static final int TYPE_A = 1;
    static final int TYPE_CNAME = 5;
    static final int TYPE_PTR = 12;
    static final int TYPE_AAAA = 28;
    static final int RCODE_NXDOMAIN = 3;
    private static final int CLASS_IN = 1;
    private static final int FLAG_RESPONSE = 0x8000;
    private static final int FLAG_TRUNCATED = 0x0200;
    private static final int FLAG_RECURSION_DESIRED = 0x0100;
    // Guards against compression-pointer loops in a hostile or broken response.
    private static final int MAX_POINTERS = 64;

    /** The records of the answer section of one type, with the smallest TTL among them. */
    record Answer(int rcode, List<String> values, long ttlSeconds, boolean truncated) {
    }

    private DnsMessage() {
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeShort(out, id);
        writeShort(out, FLAG_RECURSION_DESIRED);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length > 63) {
                throw new IllegalArgumentException("DNS label longer than 63 bytes in " + name);
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        writeShort(out, type);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /**
     * The answers of {@code type} in a response to query {@code id}; CNAME records of the chain are skipped, the
     * addresses they lead to kept.
     *
     * @throws IllegalArgumentException when the response is not one to this query or is malformed
     */
    static Answer parse(byte[] message, int length, int id, int type) {
        ByteBuffer buf = ByteBuffer.wrap(message, 0, length);
        try {
            int gotId = buf.getShort() & 0xffff;
            int flags = buf.getShort() & 0xffff;
            if (gotId != id || (flags & FLAG_RESPONSE) == 0) {
                throw new IllegalArgumentException("not a response to query " + id + ": id " + gotId);
            }
            int questions = buf.getShort() & 0xffff;
            int answers = buf.getShort() & 0xffff;
            buf.getShort();
            buf.getShort();
            for (int i = 0; i < questions; i++) {
                readName(buf);
                buf.position(buf.position() + 4);
            }
            List<String> values = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (int i = 0; i < answers; i++) {
                readName(buf);
                int rrType = buf.getShort() & 0xffff;
                buf.getShort();
                long rrTtl = buf.getInt() & 0xffffffffL;
                int rdLength = buf.getShort() & 0xffff;
                int end = buf.position() + rdLength;
                if (rrType == type) {
                    values.add(rdata(buf, rrType, rdLength));
                    ttl = Math.min(ttl, rrTtl);
                }
                buf.position(end);
            }
            return new Answer(flags & 0xf, List.copyOf(values), ttl == Long.MAX_VALUE ? 0 : ttl,
                (flags & FLAG_TRUNCATED) != 0);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or malformed DNS response of " + length + " bytes", e);
        }
    }

    private static String rdata(ByteBuffer buf, int type, int rdLength) {
        if (type == TYPE_PTR || type == TYPE_CNAME) {
            return readName(buf);
        }
        byte[] address = new byte[rdLength];
        buf.get(address);
        try {
            String text = InetAddress.getByAddress(address).getHostAddress();
            return IpAddresses.canonical(text).orElse(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address record of " + rdLength + " bytes", e);
        }
    }

    /** A possibly compressed name, lower case, without the trailing dot; leaves {@code buf} after it. */
    static String readName(ByteBuffer buf) {
        StringBuilder name = new StringBuilder();
        int resumeAt = -1;
        int pointers = 0;
        int pos = buf.position();
        while (true) {
            int len = buf.get(pos) & 0xff;
            if ((len & 0xc0) == 0xc0) {
                if (++pointers > MAX_POINTERS) {
                    throw new IllegalArgumentException("DNS name compression loop");
                }
                if (resumeAt < 0) {
                    resumeAt = pos + 2;
                }
                pos = ((len & 0x3f) << 8) | (buf.get(pos + 1) & 0xff);
                continue;
            }
            pos++;
            if (len == 0) {
                break;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = 0; i < len; i++) {
                name.append((char) (buf.get(pos + i) & 0xff));
            }
            pos += len;
        }
        buf.position(resumeAt >= 0 ? resumeAt : pos);
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
