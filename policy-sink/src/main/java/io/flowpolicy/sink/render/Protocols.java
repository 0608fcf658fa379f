package io.flowpolicy.sink.render;

import java.util.Locale;
import java.util.Map;

/** Canonical protocol names as Calico spells them, and which port values each protocol admits. */
final class Protocols {
    static final String TCP = "TCP";
    static final String UDP = "UDP";
    static final String SCTP = "SCTP";
    static final String ICMP = "ICMP";
    static final String ICMPV6 = "ICMPv6";
    static final String UDPLITE = "UDPLite";
    /** The highest ICMP type Calico's validator takes ({@code lte=254}); the kernel logs up to 255. */
    static final int CALICO_MAX_ICMP_TYPE = 254;

    private static final Map<String, String> BY_UPPER = Map.of(
        "TCP", TCP, "UDP", UDP, "SCTP", SCTP, "ICMP", ICMP, "ICMPV6", ICMPV6, "UDPLITE", UDPLITE,
        "6", TCP, "17", UDP, "132", SCTP, "1", ICMP);

    private Protocols() {
    }

    /**
     * The canonical name, or the protocol number (1..255) as text for protocols without a name.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    static String normalize(String protocol) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is null");
        }
        String upper = protocol.trim().toUpperCase(Locale.ROOT);
        String known = upper.equals("58") ? ICMPV6 : BY_UPPER.get(upper);
        if (known != null) {
            return known;
        }
        if (upper.matches("[0-9]{1,3}") && Integer.parseInt(upper) >= 1 && Integer.parseInt(upper) <= 255) {
            return String.valueOf(Integer.parseInt(upper));
        }
        throw new IllegalArgumentException("unknown protocol: " + Names.printable(protocol));
    }

    static boolean isIcmp(String protocol) {
        return ICMP.equals(protocol) || ICMPV6.equals(protocol);
    }

    /** Protocols whose flows carry destination ports (1..65535). */
    static boolean hasPorts(String protocol) {
        return TCP.equals(protocol) || UDP.equals(protocol) || SCTP.equals(protocol) || UDPLITE.equals(protocol);
    }

    /**
     * Protocols whose Calico rules may match destination ports: Calico refuses ports with any other ("protocol does
     * not support ports"), UDPLite included, so a UDPLite rule is written without its ports.
     */
    static boolean calicoPorts(String protocol) {
        return TCP.equals(protocol) || UDP.equals(protocol) || SCTP.equals(protocol);
    }

    /**
     * Validates a port (or ICMP type, 0..255); -1 means "none" / "any".
     *
     * @throws IllegalArgumentException naming the value and the protocol when it is out of range
     */
    static int port(String protocol, int port) {
        if (isIcmp(protocol)) {
            if (port < -1 || port > 255) {
                throw new IllegalArgumentException(protocol + " type " + port + " is invalid: not in 0..255");
            }
            return port;
        }
        int max = hasPorts(protocol) ? 65535 : -1;
        if (port < -1 || port > max || (port == 0 && hasPorts(protocol))) {
            throw new IllegalArgumentException("port " + port + " is invalid for protocol " + protocol);
        }
        return port;
    }

    /** {@code TCP port 443}, {@code ICMP type 8}, {@code ICMP (any type)}, {@code protocol 47}: for annotations. */
    static String describe(String protocol, int number) {
        if (number == -1) {
            return isIcmp(protocol) ? protocol + " (any type)" : "protocol " + protocol;
        }
        return isIcmp(protocol) ? protocol + " type " + number : protocol + " port " + number;
    }

    /** The protocol as Calico's YAML takes it: the name, or the number as an int. */
    static Object calicoValue(String protocol) {
        return Character.isDigit(protocol.charAt(0)) ? (Object) Integer.parseInt(protocol) : protocol;
    }
}
