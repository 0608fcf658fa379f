package io.flowpolicy.local.generate;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pod of the synthetic cluster, with what its LOG lines and its inventory records need.
 *
 * @param ip6Full the IPv6 address as the kernel prints it (zero-padded, uncompressed), null for IPv4-only pods
 * @param mac     the pod side of the veth, as {@code MAC=} prints it after {@code ee:ee:ee:ee:ee:ee}
 * @param iface   the host-side interface, {@code cali} + sha1("ns.pod")[:11], as Felix names it
 * @param to      end of ownership, exclusive; null while the pod still runs
 */
record SyntheticPod(String namespace, String name, String workload, String ip, String ip6Full, String node,
                    String mac, String iface, Map<String, String> labels, List<String> services,
                    Instant from, Instant to) {

    boolean runsAt(Instant at) {
        return !at.isBefore(from) && (to == null || at.isBefore(to));
    }

    boolean hasIpv6() {
        return ip6Full != null;
    }

    /** One inventory record per address, the way the Kubernetes watcher reports a dual-stack pod. */
    List<InventoryRecord> inventory() {
        List<InventoryRecord> records = new ArrayList<>(2);
        records.add(record(ip));
        if (ip6Full != null) {
            records.add(record(IpAddresses.canonical(ip6Full).orElseThrow()));
        }
        return records;
    }

    private InventoryRecord record(String address) {
        return new InventoryRecord(address, "pod", namespace, name, workload, labels, node, services, from, to);
    }
}
