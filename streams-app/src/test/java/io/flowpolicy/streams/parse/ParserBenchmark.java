package io.flowpolicy.streams.parse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * Single-thread throughput of {@link CalicoLineParser}: not a unit test (durations are never asserted). Run with
 * the test classpath, e.g. {@code java -Xmx1g -cp target/test-classes:target/classes:<deps> \
 * io.flowpolicy.streams.parse.ParserBenchmark [lines]}. Prints lines/s per run and the median of five runs
 * after warm-up.
 */
public final class ParserBenchmark {
    private static final int RUNS = 5;
    private static final int WARMUP_RUNS = 3;

    private ParserBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] lines = lines(count, new Random(42));
        long averageLength = Arrays.stream(lines).mapToLong(String::length).sum() / count;
        CalicoLineParser parser = new CalicoLineParser();
        long sink = 0;
        for (int i = 0; i < WARMUP_RUNS; i++) {
            sink += run(parser, lines);
        }
        // On a shared machine wall time includes time the thread waited for a core; CPU time does not.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wallRates = new double[RUNS];
        double[] cpuRates = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            sink += run(parser, lines);
            wallRates[i] = count / ((System.nanoTime() - start) / 1e9);
            cpuRates[i] = count / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            System.out.printf("run %d: %,.0f lines/s wall, %,.0f lines/s CPU%n", i + 1, wallRates[i], cpuRates[i]);
        }
        Arrays.sort(wallRates);
        Arrays.sort(cpuRates);
        System.out.printf("median of %d runs: %,.0f lines/s wall, %,.0f lines/s per CPU-second, over %,d lines "
            + "of %d chars on average (sink %d)%n", RUNS, wallRates[RUNS / 2], cpuRates[RUNS / 2], count,
            averageLength, sink);
    }

    private static long run(CalicoLineParser parser, String[] lines) {
        long sink = 0;
        for (String line : lines) {
            if (parser.parse(line) instanceof ParseResult.Parsed parsed) {
                sink += parsed.flow().port() + parsed.flow().dstIp().length();
            } else {
                sink--;
            }
        }
        return sink;
    }

    /** The reference lines with varied addresses, ports and interfaces; roughly 70 % TCP, 20 % UDP, 5 % each else. */
    private static String[] lines(int count, Random random) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            String src = "172.16." + random.nextInt(256) + "." + random.nextInt(256);
            String dst = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + random.nextInt(256);
            String spt = "SPT=" + (32768 + random.nextInt(28000));
            String iface = "IN=cali" + Long.toHexString(0x10000000000L + random.nextInt(Integer.MAX_VALUE));
            if (kind < 14) {
                lines[i] = ReferenceLines.TCP_HTTP.replace("SRC=172.16.193.134", "SRC=" + src)
                    .replace("DST=69.147.80.15", "DST=" + dst).replace("SPT=45588", spt)
                    .replace("DPT=80", "DPT=" + (random.nextBoolean() ? 443 : random.nextInt(65536)))
                    .replace("IN=cali527b0801ecb", iface);
            } else if (kind < 18) {
                lines[i] = ReferenceLines.UDP_DNS.replace("SRC=172.16.193.134", "SRC=" + src)
                    .replace("DST=172.16.193.133", "DST=" + dst).replace("SPT=42896", spt)
                    .replace("IN=cali527b0801ecb", iface);
            } else if (kind == 18) {
                lines[i] = ReferenceLines.ICMP_ECHO.replace("DST=8.8.8.8", "DST=" + dst)
                    .replace("SEQ=1", "SEQ=" + random.nextInt(65536));
            } else {
                lines[i] = ReferenceLines.IPV6_PLACEHOLDER.replace("0000:0000:0000:0005",
                        String.format("0000:0000:%04x:%04x", random.nextInt(65536), random.nextInt(65536)))
                    .replace("SPT=51724", spt);
            }
        }
        return lines;
    }
}
