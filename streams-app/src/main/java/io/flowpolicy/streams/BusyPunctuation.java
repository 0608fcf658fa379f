package io.flowpolicy.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A wall-clock punctuation that ticks only while its processor has something for it to do. Kafka Streams commits a
 * task after every punctuation, even one that found nothing to do, and under exactly-once a commit is a
 * transaction: a punctuation that ticked all the time made an idle app commit a transaction on every stream thread at
 * every commit interval, around the clock. The ticks keep to the grid of the interval (its multiples since the epoch),
 * so the first tick after a start comes as soon as it would have on a schedule that never stopped. Not thread-safe:
 * one per processor instance, used from its task's thread.
 */
public final class BusyPunctuation {
    private final ProcessingContext context;
    private final Duration interval;
    private final LongPredicate tick;
    private Cancellable scheduled;

    /**
     * @param tick called with the wall-clock time at each tick; answers whether work is left for a later tick (false
     *             stops the ticks until the next {@link #start})
     */
    public BusyPunctuation(ProcessingContext context, Duration interval, LongPredicate tick) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("punctuation interval < 1 ms: " + interval);
        }
        this.context = context;
        this.interval = interval;
        this.tick = tick;
    }

    /** Makes it tick from the next point of its grid on, unless it already ticks: call it when work arrives. */
    public void start() {
        if (scheduled == null) {
            long now = context.currentSystemTimeMs();
            long period = interval.toMillis();
            scheduled = context.schedule(Instant.ofEpochMilli(now - Math.floorMod(now, period) + period), interval,
                PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        }
    }

    /** {@link #start}s it when {@code work} holds entries: in {@code init}, for work restored after a restart. */
    public void startIfAny(ReadOnlyKeyValueStore<?, ?> work) {
        try (KeyValueIterator<?, ?> entries = work.all()) {
            if (entries.hasNext()) {
                start();
            }
        }
    }

    private void punctuate(long now) {
        if (!tick.test(now)) {
            scheduled.cancel();
            scheduled = null;
        }
    }
}
