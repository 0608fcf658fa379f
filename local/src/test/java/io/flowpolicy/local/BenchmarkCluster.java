package io.flowpolicy.local;

import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The synthetic cluster of the pipeline benchmarks: {@code namespaces} namespaces of {@code pods} pods each, spread
 * over four nodes and owning their IPs since long ago, and Calico LOG lines of TCP SYNs from those pods.
 */
record BenchmarkCluster(int namespaces, int pods) {
    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final int NODES = 4;

    BenchmarkCluster {
        // Pod IPs are 10.244.<namespace>.<pod + 1>.
        if (namespaces < 1 || namespaces > 256 || pods < 1 || pods > 254) {
            throw new IllegalArgumentException("namespaces must be 1..256 and pods 1..254: " + namespaces + ", " + pods);
        }
    }

    static String namespace(int ns) {
        return String.format(Locale.ROOT, "bench-%03d", ns);
    }

    /** The i-th address of 198.18.0.0/15 (reserved for benchmarks, so never a real peer): 131,072 of them. */
    static String externalIp(int i) {
        if (i < 0 || i >= 1 << 17) {
            throw new IllegalArgumentException("external address index out of 0..131071: " + i);
        }
        return "198." + (18 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }

    /** Publishes every pod's ownership interval and waits for the acknowledgements. */
    void publishInventory(String bootstrapServers) {
        try (InventoryPublisher publisher = new InventoryPublisher(bootstrapServers)) {
            for (int ns = 0; ns < namespaces; ns++) {
                for (int pod = 0; pod < pods; pod++) {
                    publisher.publishInterval(new InventoryRecord(podIp(ns, pod), "pod", namespace(ns),
                        namespace(ns) + "-" + pod, "Deployment/" + namespace(ns), Map.of("app", namespace(ns)),
                        node(pod), List.of(), LONG_AGO, null));
                }
            }
            publisher.flush();
        }
    }

    /** A TCP SYN from a pod to {@code dstIp}, as Felix logs it, labelled with the pod's node like a journal stream. */
    RawLine line(long tsNanos, int ns, int pod, String dstIp, int port) {
        return RawLine.of(tsNanos, Map.of("job", "node-journal", "host", node(pod)),
            "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC="
                + podIp(ns, pod) + " DST=" + dstIp + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF PROTO=TCP"
                + " SPT=45588 DPT=" + port + " WINDOW=64860 RES=0x00 SYN URGP=0 ");
    }

    private static String podIp(int ns, int pod) {
        return "10.244." + ns + "." + (pod + 1);
    }

    private static String node(int pod) {
        return "node-" + (pod % NODES + 1);
    }

    /** The load average line of this machine, to print beside measurements taken on a shared host. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
