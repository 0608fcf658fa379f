package io.flowpolicy.streams.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A stub resolver over UDP against one configured server: A, AAAA and PTR queries, asked again over TCP when the
 * UDP answer is truncated (a name with more records than 512 bytes hold), as RFC 1035 says. The JDK's resolver cannot
 * be pointed at a server of our choosing, and dnsjava is not a dependency. Thread-safe (a socket per query); blocks
 * for at most {@code attempts × timeout}, plus one timeout for a TCP query.
 */
public final class DnsClient implements NameResolver {
    private static final int MAX_RESPONSE = 4096;
    private final InetSocketAddress server;
    private final Duration timeout;
    private final int attempts;
    private final SecureRandom ids = new SecureRandom();

    public DnsClient(InetSocketAddress server, Duration timeout, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts < 1: " + attempts);
        }
        this.server = server;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    /** {@code host:port}, IPv6 hosts in brackets; port 53 when absent. @throws IllegalArgumentException if bad */
    public static InetSocketAddress parseServer(String text) {
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (colon > 0 && (bracketed ? text.indexOf(']') < colon : text.indexOf(':') == colon)) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DNS server port is not a number: " + text, e);
            }
        }
        host = bracketed ? host.substring(1, host.length() - 1) : host;
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("DNS server is not host:port: " + text);
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public Resolved addresses(String name) {
        DnsMessage.Answer v4 = query(name, DnsMessage.TYPE_A);
        DnsMessage.Answer v6 = query(name, DnsMessage.TYPE_AAAA);
        List<String> all = new java.util.ArrayList<>(v4.values());
        all.addAll(v6.values());
        long ttl = v4.values().isEmpty() ? v6.ttlSeconds()
            : v6.values().isEmpty() ? v4.ttlSeconds() : Math.min(v4.ttlSeconds(), v6.ttlSeconds());
        return new Resolved(List.copyOf(all), Duration.ofSeconds(ttl));
    }

    @Override
    public Resolved reverse(String ip) {
        DnsMessage.Answer answer = query(reverseName(ip), DnsMessage.TYPE_PTR);
        return new Resolved(answer.values(), Duration.ofSeconds(answer.ttlSeconds()));
    }

    /** The {@code in-addr.arpa} or {@code ip6.arpa} name of an address. */
    static String reverseName(String ip) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
        StringBuilder name = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (bytes.length == 4) {
                name.append(b).append('.');
            } else {
                name.append(Integer.toHexString(b & 0xf)).append('.').append(Integer.toHexString(b >> 4)).append('.');
            }
        }
        return name.append(bytes.length == 4 ? "in-addr.arpa" : "ip6.arpa").toString();
    }

    private DnsMessage.Answer query(String name, int type) {
        IOException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int id = ids.nextInt(0x10000);
            byte[] request = DnsMessage.query(id, name.toLowerCase(Locale.ROOT), type);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout((int) timeout.toMillis());
                socket.send(new DatagramPacket(request, request.length, server));
                byte[] response = new byte[MAX_RESPONSE];
                DatagramPacket packet = new DatagramPacket(response, response.length);
                socket.receive(packet);
                DnsMessage.Answer answer = DnsMessage.parse(response, packet.getLength(), id, type);
                return answer.truncated() ? queryOverTcp(request, id, name, type) : answer;
            } catch (SocketTimeoutException e) {
                last = e;
            } catch (IOException e) {
                throw new UncheckedIOException("DNS query for " + name + " to " + server + " failed", e);
            }
        }
        throw new UncheckedIOException("no DNS answer for " + name + " from " + server + " after " + attempts
            + " attempts of " + timeout.toMillis() + " ms", last);
    }

    /** The same query message over TCP: each message preceded by its length in two bytes (RFC 1035 4.2.2). */
    private DnsMessage.Answer queryOverTcp(byte[] request, int id, String name, int type) {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(request.length);
            out.write(request);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return DnsMessage.parse(response, response.length, id, type);
        } catch (IOException e) {
            throw new UncheckedIOException("DNS query over TCP for " + name + " to " + server + " failed (its answer "
                + "over UDP was truncated)", e);
        }
    }
}
