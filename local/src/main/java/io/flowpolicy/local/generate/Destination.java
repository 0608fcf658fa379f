package io.flowpolicy.local.generate;

/**
 * One address a namespace sends to. A peer reached at several addresses (kube-dns through two CoreDNS pods, over
 * IPv4 and IPv6) is several destinations with the same {@code peer}.
 *
 * @param peer       the peer as the pipeline names it ({@code service:kube-system/kube-dns}, {@code external:1.2.3.4})
 * @param address    the destination address as the kernel prints it (IPv6 zero-padded)
 * @param ipv6       whether the address is IPv6 (the source must then have an IPv6 address)
 * @param protocol   {@code TCP}, {@code UDP} or {@code ICMP}
 * @param port       the destination port (ICMP: unused)
 * @param node       the node of a pod destination, null outside the cluster
 * @param iface      the destination pod's cali interface (the {@code OUT=} of a same-node flow), null outside
 * @param weight     relative share of the namespace's lines
 * @param firstDay   the day (0-based) this destination is first used
 * @param firstHour  the hour of that day in which its first line is guaranteed, when {@code announced}
 * @param announced  whether one line on {@code firstDay} is guaranteed, so that low rates still show every peer
 */
record Destination(String peer, String address, boolean ipv6, String protocol, int port, String node, String iface,
                   double weight, int firstDay, int firstHour, boolean announced) {

    Destination withFirstDay(int day) {
        return new Destination(peer, address, ipv6, protocol, port, node, iface, weight, day, firstHour, announced);
    }
}
