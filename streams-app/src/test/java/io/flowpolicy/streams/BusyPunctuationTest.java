package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** A punctuation that ticks while there is work and stops when there is none, so an idle task commits nothing. */
class BusyPunctuationTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final List<Long> ticks = new ArrayList<>();
    private boolean workLeft;
    private final BusyPunctuation punctuation = new BusyPunctuation(context, INTERVAL, now -> {
        ticks.add(now);
        return workLeft;
    });

    BusyPunctuationTest() {
        context.setCurrentSystemTimeMs(1_000_050);
    }

    @Test
    void shouldNotTickBeforeWorkArrives() {
        assertTrue(context.scheduledPunctuators().isEmpty());
        assertFalse(ticking());
    }

    @Test
    void shouldTickOnTheIntervalsGridOnceStartedAndStartOnlyOnce() {
        punctuation.start();
        punctuation.start();

        assertEquals(1, context.scheduledPunctuators().size());
        CapturedPunctuator scheduled = context.scheduledPunctuators().get(0);
        assertEquals(PunctuationType.WALL_CLOCK_TIME, scheduled.getType());
        assertEquals(INTERVAL, scheduled.getInterval());
        assertEquals(Instant.ofEpochMilli(1_000_200), scheduled.getStartTime(), "the next multiple of the interval");
        assertTrue(ticking());
    }

    @Test
    void shouldKeepTickingWhileWorkIsLeftAndStopWhenNoneIs() {
        punctuation.start();
        CapturedPunctuator scheduled = context.scheduledPunctuators().get(0);

        workLeft = true;
        scheduled.getPunctuator().punctuate(1_000);
        assertFalse(scheduled.cancelled());

        workLeft = false;
        scheduled.getPunctuator().punctuate(1_200);
        assertTrue(scheduled.cancelled());
        assertFalse(ticking());
        assertEquals(List.of(1_000L, 1_200L), ticks);
    }

    @Test
    void shouldStartAgainWhenWorkArrivesAfterItStopped() {
        punctuation.start();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000);

        punctuation.start();

        assertEquals(2, context.scheduledPunctuators().size());
        assertFalse(context.scheduledPunctuators().get(1).cancelled());
        assertTrue(ticking());
    }

    @Test
    void shouldStartForWorkRestoredInAStoreAndNotForAnEmptyStore() {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("work"),
            Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);

        punctuation.startIfAny(store);
        assertFalse(ticking());

        store.put("shop", 1L);
        punctuation.startIfAny(store);
        assertTrue(ticking());
    }

    /** Whether the last punctuation it scheduled is still scheduled. */
    private boolean ticking() {
        List<CapturedPunctuator> scheduled = context.scheduledPunctuators();
        return !scheduled.isEmpty() && !scheduled.get(scheduled.size() - 1).cancelled();
    }

    @Test
    void shouldRefuseAnIntervalBelowOneMillisecond() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new BusyPunctuation(context, Duration.ofNanos(500), now -> false));
        assertEquals("punctuation interval < 1 ms: PT0.0000005S", e.getMessage());
    }
}
