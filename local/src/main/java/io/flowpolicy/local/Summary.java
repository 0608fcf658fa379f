package io.flowpolicy.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * summary.json, the contract that scripts and CI gates read; field names are stable (see docs/summary.md).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(Window window, Lines lines, Map<String, NamespaceSummary> namespaces,
                      List<NewDestinationSummary> newDestinations, String policyRepo, String commit, String head,
                      Map<String, NamespaceSummary> unattributed, Performance performance,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Lines dnsLines) {

    public record Window(Instant from, Instant to) {
    }

    /**
     * @param read every line taken from the source, rejected ones included
     * @param rejected those of them on the rejected-lines topic
     */
    public record Lines(long read, long rejected, Map<String, Long> byReason) {
    }

    public record NamespaceSummary(int peers, int pod, int service, int node, int external, String tier, String state,
                                   int daysObserved) {
    }

    /** @param peer the peer id, e.g. {@code external:1.2.3.4} */
    public record NewDestinationSummary(String namespace, String peer, String protocol, int port, Instant firstSeen,
                                        boolean learning) {
    }

    /**
     * How fast the run was, for benchmarks: lines per second from the first line read to the last line processed
     * (profiles and candidates published), the JVM's age at that point, and the peaks of heap and resident memory.
     */
    public record Performance(double processingSeconds, double linesPerSecond, double jvmUptimeSeconds,
                              long peakHeapBytes, long peakRssBytes) {
        static Performance measure(long lines, java.time.Duration processing) {
            double seconds = processing == null ? 0 : processing.toNanos() / 1e9;
            long heap = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                    heap += pool.getPeakUsage().getUsed();
                }
            }
            return new Performance(seconds, seconds > 0 ? lines / seconds : 0,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, heap, peakRss());
        }

        /** VmHWM of /proc/self/status (Linux); 0 where it cannot be read. */
        private static long peakRss() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (java.io.IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
