package io.flowpolicy.local.generate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the flow lines of a {@link ClusterPlan}, one hour at a time, each hour sorted by time, so memory stays
 * at one hour's lines whatever the range. Deterministic: the same plan, rate and seed give the same lines.
 *
 * <p>Each namespace sends about {@code rate × activity} lines a day with a day/night swing; every destination
 * gets at least one line on its first day (so even a low rate shows every peer), the rest are drawn by weight.
 * {@value #MALFORMED_LINES} deliberately broken lines are added, at a quarter, half and three quarters of the range.
 */
final class FlowGenerator {
    /** How many deliberately malformed lines every generated range holds. */
    static final int MALFORMED_LINES = 3;
    private static final long HOUR_MICROS = 3_600_000_000L;

    private final ClusterPlan plan;
    private final double rate;
    private final SplittableRandom random;
    private final FlowLines lines = new FlowLines();
    private final int[] malformedHours;
    private int malformedPending;
    private int malformedWritten;

    /**
     * @param rate mean flow lines per namespace per day
     * @throws IllegalArgumentException when the rate is negative or not finite
     */
    FlowGenerator(ClusterPlan plan, double rate, long seed) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + rate);
        }
        this.plan = plan;
        this.rate = rate;
        // A stream separate from the planner's, so changing the rate never changes the cluster.
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int hours = plan.days() * 24;
        this.malformedHours = new int[] {hours / 4, hours / 2, (3 * hours) / 4};
    }

    /** Writes the whole range; returns the number of lines written (malformed ones included). */
    long run(FlowSink sink) throws IOException {
        long written = 0;
        int hours = plan.days() * 24;
        for (int h = 0; h < hours; h++) {
            written += hour(h, sink);
        }
        written += flushMalformed(sink, plan.end().minusSeconds(1));
        return written;
    }

    /**
     * Writes the lines of one hour after the plan's start; hours past the range continue its last day's pattern
     * (the live mode runs on for ever).
     */
    int hour(int hourIndex, FlowSink sink) throws IOException {
        int day = hourIndex / 24;
        Instant hourStart = plan.start().plus(Duration.ofHours(hourIndex));
        long startMicros = hourStart.getEpochSecond() * 1_000_000L;
        List<Entry> entries = new ArrayList<>();
        for (NamespacePlan ns : plan.namespaces()) {
            if (day >= ns.startDay()) {
                namespaceHour(ns, day, hourIndex % 24, startMicros, entries);
            }
        }
        entries.sort(null);
        if (Arrays.stream(malformedHours).anyMatch(m -> m == hourIndex)) {
            malformedPending++;
        }
        List<Entry> out = new ArrayList<>(entries);
        while (malformedPending > 0 && !entries.isEmpty()) {
            Entry base = entries.get(entries.size() * malformedPending / (malformedPending + 1));
            out.add(new Entry(base.micros + 1, base.host, MalformedLines.corrupt(base.line, malformedWritten++)));
            malformedPending--;
        }
        out.sort(null);
        for (Entry e : out) {
            sink.accept(e.micros * 1000L, e.host, e.line);
        }
        return out.size();
    }

    private void namespaceHour(NamespacePlan ns, int day, int hourOfDay, long startMicros, List<Entry> entries) {
        List<Destination> active = new ArrayList<>();
        for (Destination d : ns.destinations()) {
            if (d.firstDay() <= day) {
                active.add(d);
            }
            if (d.announced() && d.firstDay() == day && d.firstHour() == hourOfDay) {
                emit(ns, d, startMicros, entries);
            }
        }
        if (active.isEmpty()) {
            return;
        }
        double[] cumulative = new double[active.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += active.get(i).weight();
            cumulative[i] = total;
        }
        double expected = rate * ns.activity() * diurnal(hourOfDay) / 24.0;
        long count = (long) expected + (random.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
        for (long i = 0; i < count; i++) {
            int pick = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            emit(ns, active.get(pick < 0 ? -pick - 1 : pick), startMicros, entries);
        }
    }

    private void emit(NamespacePlan ns, Destination destination, long startMicros, List<Entry> entries) {
        long micros = startMicros + random.nextLong(HOUR_MICROS);
        SyntheticPod source = ns.sourceAt(Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000));
        if (source == null || (destination.ipv6() && !source.hasIpv6())) {
            return;
        }
        entries.add(new Entry(micros, source.node(), lines.format(source, destination, random)));
    }

    /** More flows by day than by night, peaking mid-afternoon; the mean over a day is 1. */
    private static double diurnal(int hourOfDay) {
        return 1 + 0.5 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24.0);
    }

    /** Malformed lines whose hour had no line to corrupt (a very low rate) are written at the end. */
    private int flushMalformed(FlowSink sink, Instant at) throws IOException {
        int n = 0;
        while (malformedPending > 0) {
            long nanos = at.getEpochSecond() * 1_000_000_000L + n * 1000L;
            sink.accept(nanos, "node-1", MalformedLines.corrupt(
                "calico-packet: IN=cali0000000000 OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:02:00:00:00:00:01:08:00 "
                    + "SRC=10.244.0.2 DST=1.1.1.1 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 "
                    + "DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0 ", malformedWritten++));
            malformedPending--;
            n++;
        }
        return n;
    }

    private record Entry(long micros, String host, String line) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return Long.compare(micros, o.micros);
        }
    }
}
