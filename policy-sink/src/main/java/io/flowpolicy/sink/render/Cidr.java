package io.flowpolicy.sink.render;

import io.flowpolicy.model.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix held as network-order bytes, with host bits cleared. Parsing never does a DNS lookup:
 * the text must be an IP literal.
 */
final class Cidr implements Comparable<Cidr> {
    private final byte[] address;
    private final int prefixLength;

    private Cidr(byte[] address, int prefixLength) {
        this.address = mask(address, prefixLength);
        this.prefixLength = prefixLength;
    }

    /** Parses {@code a.b.c.d/n}, {@code x::y/n}, or a bare address (a host prefix). */
    static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR is null");
        }
        int slash = text.indexOf('/');
        byte[] bytes = addressBytes(slash < 0 ? text : text.substring(0, slash), text);
        int bits = bytes.length * 8;
        int length = bits;
        if (slash >= 0) {
            String len = text.substring(slash + 1);
            if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > bits) {
                throw new IllegalArgumentException("invalid prefix length in CIDR: " + Names.printable(text));
            }
            length = Integer.parseInt(len);
        }
        return new Cidr(bytes, length);
    }

    /** The host prefix (/32 or /128) of an address. */
    static Cidr host(String ip) {
        byte[] bytes = addressBytes(ip, ip);
        return new Cidr(bytes, bytes.length * 8);
    }

    private static byte[] addressBytes(String ip, String whole) {
        String canonical = IpAddresses.canonical(ip)
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + Names.printable(whole)));
        try {
            // a literal: getByName parses it without a lookup
            return InetAddress.getByName(canonical).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + Names.printable(whole), e);
        }
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    boolean isIpv4() {
        return address.length == 4;
    }

    int prefixLength() {
        return prefixLength;
    }

    /** Whether {@code other} lies wholly inside this prefix; false across address families. */
    boolean contains(Cidr other) {
        return other.address.length == address.length && other.prefixLength >= prefixLength
            && Arrays.equals(mask(other.address, prefixLength), address);
    }

    /** The enclosing prefix of the given length (no wider than this one's own length allows). */
    Cidr widen(int length) {
        return new Cidr(address, Math.min(length, prefixLength));
    }

    @Override
    public int compareTo(Cidr o) {
        int c = Integer.compare(address.length, o.address.length);
        if (c == 0) {
            c = Arrays.compareUnsigned(address, o.address);
        }
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    /** The canonical text: RFC 5952 for IPv6, always with the prefix length. */
    @Override
    public String toString() {
        try {
            String ip = InetAddress.getByAddress(address).getHostAddress();
            return IpAddresses.canonical(ip).orElse(ip) + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of illegal length " + address.length, e);
        }
    }
}
