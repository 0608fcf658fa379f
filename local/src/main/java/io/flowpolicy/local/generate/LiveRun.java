package io.flowpolicy.local.generate;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a data set's lines in real time: generates one hour at a time and hands each line to the sink when the
 * clock reaches its timestamp. The range starts at the current hour, so the lines already due in it go out at
 * once; past the range's last day the pattern of that day repeats, for ever, until the thread is interrupted.
 */
final class LiveRun {
    private final SyntheticDataSet data;
    private final FlowSink sink;
    private final Clock clock;

    LiveRun(SyntheticDataSet data, FlowSink sink, Clock clock) {
        this.data = data;
        this.sink = sink;
        this.clock = clock;
    }

    /** Runs until interrupted; returns normally then. */
    void run() throws IOException {
        FlowGenerator generator = data.generator();
        List<long[]> times = new ArrayList<>();
        List<String[]> lines = new ArrayList<>();
        for (int hour = 0; !Thread.currentThread().isInterrupted(); hour++) {
            times.clear();
            lines.clear();
            generator.hour(hour, (ts, host, line) -> {
                times.add(new long[] {ts});
                lines.add(new String[] {host, line});
            });
            for (int i = 0; i < times.size(); i++) {
                if (!sleepUntil(times.get(i)[0] / 1_000_000L)) {
                    return;
                }
                sink.accept(times.get(i)[0], lines.get(i)[0], lines.get(i)[1]);
            }
        }
    }

    private boolean sleepUntil(long epochMillis) {
        long wait = epochMillis - clock.millis();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
