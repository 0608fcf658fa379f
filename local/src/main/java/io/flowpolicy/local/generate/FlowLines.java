package io.flowpolicy.local.generate;

import java.util.SplittableRandom;

/**
 * Formats kernel LOG lines exactly as {@code nf_log_syslog.c} prints them for a Calico {@code Log} rule on a
 * pod's egress: {@code IN=} the pod's cali interface, {@code MAC=} the veth's host side
 * {@code ee:ee:ee:ee:ee:ee} then the pod's MAC and the ethertype, upper-case TOS, IPv6 zero-padded, a TCP SYN
 * (only new flows reach the Log rule), UDP with its second {@code LEN=}, ICMP echo with its second {@code ID=},
 * and the kernel's trailing space.
 */
final class FlowLines {
    static final String PREFIX = "calico-packet: ";

    private final StringBuilder text = new StringBuilder(256);

    /** One line from {@code source} to {@code destination}; varying fields (ports, IP ID, …) come from random. */
    String format(SyntheticPod source, Destination destination, SplittableRandom random) {
        StringBuilder b = text;
        b.setLength(0);
        b.append(PREFIX).append("IN=").append(source.iface()).append(" OUT=").append(outInterface(source, destination))
            .append(" MAC=ee:ee:ee:ee:ee:ee:").append(source.mac()).append(destination.ipv6() ? ":86:dd" : ":08:00");
        String protocol = destination.protocol();
        int udpLength = 32 + random.nextInt(48);
        int payload = switch (protocol) {
            case "UDP" -> udpLength;
            case "ICMP" -> 64;
            default -> 40; // a SYN carries 20 bytes of TCP header and 20 of options
        };
        if (destination.ipv6()) {
            b.append(" SRC=").append(source.ip6Full()).append(" DST=").append(destination.address())
                .append(" LEN=").append(payload + 40).append(" TC=0 HOPLIMIT=63 FLOWLBL=").append(random.nextInt(1 << 20));
        } else {
            b.append(" SRC=").append(source.ip()).append(" DST=").append(destination.address())
                .append(" LEN=").append(payload + 20).append(" TOS=0x00 PREC=0x00 TTL=63 ID=")
                .append(random.nextInt(65536)).append(" DF");
        }
        switch (protocol) {
            case "UDP" -> b.append(" PROTO=UDP SPT=").append(ephemeralPort(random)).append(" DPT=")
                .append(destination.port()).append(" LEN=").append(udpLength);
            case "ICMP" -> b.append(" PROTO=ICMP TYPE=8 CODE=0 ID=").append(random.nextInt(65536))
                .append(" SEQ=").append(1 + random.nextInt(4));
            default -> b.append(" PROTO=TCP SPT=").append(ephemeralPort(random)).append(" DPT=")
                .append(destination.port()).append(" WINDOW=").append(destination.ipv6() ? 64800 : 64240)
                .append(" RES=0x00 SYN URGP=0");
        }
        return b.append(' ').toString();
    }

    /** Same-node pods are reached over their own cali interface, other nodes over the overlay, the rest via eth0. */
    private static String outInterface(SyntheticPod source, Destination destination) {
        if (destination.node() == null) {
            return "eth0";
        }
        return destination.node().equals(source.node()) ? destination.iface() : "vxlan.calico";
    }

    private static int ephemeralPort(SplittableRandom random) {
        return 32768 + random.nextInt(28232);
    }
}
