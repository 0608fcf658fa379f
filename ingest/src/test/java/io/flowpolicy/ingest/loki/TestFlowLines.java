package io.flowpolicy.ingest.loki;

import io.flowpolicy.model.RawLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Realistic Calico flow-log fixtures and the multiset comparison the acceptance tests use. */
public final class TestFlowLines {

    public static final String QUERY = "{job=\"node-journal\"} |= \"calico-packet\"";
    public static final long NANOS_PER_DAY = 86_400_000_000_000L;

    public static final List<Map<String, String>> STREAMS = List.of(
            Map.of("job", "node-journal", "host", "node-1"),
            Map.of("job", "node-journal", "host", "node-2"),
            Map.of("job", "node-journal", "host", "node-3"),
            Map.of("job", "node-journal", "host", "node-4", "unit", "kubelet"));

    private TestFlowLines() {
    }

    public static String line(int i) {
        return "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee SRC=10.244." + (i % 200) + "."
                + (i % 251) + " DST=142.250.74." + (i % 97) + " LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=" + i
                + " DF PROTO=TCP SPT=" + (30000 + i % 30000) + " DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0";
    }

    /**
     * {@code total} lines over {@code days} days ending at {@code endNanos}, on the 4 streams;
     * {@code sharedTimestamps} timestamps each carry the same line on three streams (the case logcli
     * loses at page boundaries), the other lines have timestamps of their own.
     */
    public static List<RawLine> week(long endNanos, int days, int total, int sharedTimestamps, long seed) {
        Random random = new Random(seed);
        long span = days * NANOS_PER_DAY;
        Set<Long> used = new HashSet<>();
        List<RawLine> lines = new ArrayList<>(total);
        int n = 0;
        for (int s = 0; s < sharedTimestamps; s++, n++) {
            long ts = freshTs(random, endNanos, span, used);
            int first = random.nextInt(STREAMS.size());
            for (int k = 0; k < 3; k++) {
                lines.add(RawLine.of(ts, STREAMS.get((first + k) % STREAMS.size()), line(n)));
            }
        }
        for (; lines.size() < total; n++) {
            long ts = freshTs(random, endNanos, span, used);
            lines.add(RawLine.of(ts, STREAMS.get(random.nextInt(STREAMS.size())), line(n)));
        }
        return lines;
    }

    private static long freshTs(Random random, long endNanos, long span, Set<Long> used) {
        while (true) {
            long ts = endNanos - 1 - (long) (random.nextDouble() * span);
            if (used.add(ts)) {
                return ts;
            }
        }
    }

    public static void load(LokiTestServer server, List<RawLine> lines) {
        for (RawLine l : lines) {
            server.push(l.labels(), l.tsNanos(), l.line());
        }
    }

    public static Map<RawLine, Integer> multiset(List<RawLine> lines) {
        Map<RawLine, Integer> counts = new HashMap<>();
        for (RawLine l : lines) {
            counts.merge(l, 1, Integer::sum);
        }
        return counts;
    }

    public static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }
}
