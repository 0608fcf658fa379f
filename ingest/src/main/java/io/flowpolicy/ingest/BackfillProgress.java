package io.flowpolicy.ingest;

import io.flowpolicy.ingest.loki.WindowSink;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.Timestamps;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reports a backfill's progress while passing windows on to the real sink: lines read, time covered of the
 * range, rate and ETA, at most once per {@code interval}. The ETA assumes lines spread evenly over time, which
 * flow logs roughly do over a day. Reaching the end of the range prints a last report and ends reporting. Called
 * on the reader's delivering thread only.
 */
public final class BackfillProgress implements WindowSink {
    private final WindowSink delegate;
    private final long fromNanos;
    private final long toNanos;
    private final Consumer<String> out;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long startedAt;
    private long lastReport;
    private long lines;
    private long cursor;
    private boolean finished;

    /**
     * @param out      receives each report, one line of text without a line break
     * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
     */
    public BackfillProgress(WindowSink delegate, long fromNanos, long toNanos, Consumer<String> out,
                            LongSupplier nanoTime, Duration interval) {
        this.delegate = delegate;
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.out = out;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.startedAt = nanoTime.getAsLong();
        this.lastReport = startedAt;
        this.cursor = fromNanos;
    }

    @Override
    public void accept(List<RawLine> batch, long windowEndNanos) throws Exception {
        delegate.accept(batch, windowEndNanos);
        if (finished) {
            return;
        }
        lines += batch.size();
        cursor = windowEndNanos;
        long now = nanoTime.getAsLong();
        // Following goes on past the end; one last report there, then silence.
        if (cursor >= toNanos || now - lastReport >= intervalNanos) {
            finished = cursor >= toNanos;
            lastReport = now;
            out.accept(report(now));
        }
    }

    /** The report as of now, e.g. for a last line when the backfill ends. */
    public String report() {
        return report(nanoTime.getAsLong());
    }

    String report(long now) {
        double elapsed = Math.max(1e-9, (now - startedAt) / 1e9);
        long covered = Math.max(0, Math.min(cursor, toNanos) - fromNanos);
        long range = Math.max(1, toNanos - fromNanos);
        double fraction = (double) covered / range;
        String eta = covered == 0 ? "?" : human(Duration.ofMillis((long) (elapsed * 1000 * (1 - fraction) / fraction)));
        return String.format(Locale.ROOT, "backfill: %,d lines, up to %s (%.1f%% of %s), %,.0f lines/s, ETA %s",
            lines, Timestamps.ofNanos(Math.min(cursor, toNanos)).truncatedTo(ChronoUnit.SECONDS), fraction * 100,
            human(Duration.ofNanos(range)), lines / elapsed, eta);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d" + (s % 86_400 / 3600) + "h";
    }
}
