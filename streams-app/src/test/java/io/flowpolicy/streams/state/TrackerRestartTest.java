package io.flowpolicy.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.streams.metrics.PipelineCounters;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A tracker whose stores come back from their changelogs holding namespaces that changed but were not yet published
 * (the instance before it stopped in between) publishes them at its first tick, without waiting for another flow.
 */
class TrackerRestartTest {
    private static final LocalDate DAY = LocalDate.of(2026, 5, 1);
    private static final Duration RETENTION = Duration.ofDays(30);

    private final MockProcessorContext<String, Emitted> context = new MockProcessorContext<>();
    private final KeyValueStore<String, NamespaceActivity> activities = store(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(DestinationTracker.ACTIVITY_STORE), Serdes.String(), TrackerSerdes.activity())
        .withLoggingDisabled().build());
    private final KeyValueStore<String, Long> unpublished = store(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(DestinationTracker.UNPUBLISHED_STORE), Serdes.String(), Serdes.Long())
        .withLoggingDisabled().build());

    TrackerRestartTest() {
        context.setCurrentSystemTimeMs(1_000_000);
        store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DestinationTracker.DESTINATIONS_STORE),
            Serdes.String(), TrackerSerdes.destinations()).withLoggingDisabled().build());
        store(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(DestinationTracker.DAILY_STORE,
            RETENTION.plusDays(1), Duration.ofDays(1), false), Serdes.String(), TrackerSerdes.daily())
            .withLoggingDisabled().build());
    }

    @Test
    void shouldPublishANamespaceNotedBeforeTheRestartAtTheFirstTick() {
        activities.put("shop", NamespaceActivity.first(DAY));
        unpublished.put("shop", 1_777_600_000_000L);

        tracker().init(context);
        CapturedPunctuator publish = wallClockPunctuator();
        publish.getPunctuator().punctuate(1_000_200);

        List<Emitted> emitted = context.forwarded().stream().<Emitted>map(f -> f.record().value()).toList();
        assertEquals(List.of("shop"), emitted.stream().filter(e -> e.profile() != null)
            .map(e -> e.profile().namespace()).toList());
        assertEquals(List.of("shop"), emitted.stream().filter(e -> e.candidate() != null)
            .map(e -> e.candidate().namespace()).toList());
        assertTrue(isEmpty(unpublished));
        assertTrue(publish.cancelled(), "nothing is left to publish, so the ticks stop");
    }

    @Test
    void shouldNotTickWhenNothingWasLeftToPublish() {
        activities.put("shop", NamespaceActivity.first(DAY));

        tracker().init(context);

        assertEquals(List.of(PunctuationType.STREAM_TIME),
            context.scheduledPunctuators().stream().map(CapturedPunctuator::getType).toList());
    }

    private DestinationTracker tracker() {
        return new DestinationTracker(new ReadinessRules(50, 3, 5, 7, 3, 1, ZoneOffset.UTC), RETENTION,
            Duration.ofMillis(200), PipelineCounters.NONE);
    }

    private CapturedPunctuator wallClockPunctuator() {
        List<CapturedPunctuator> wallClock = context.scheduledPunctuators().stream()
            .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME).toList();
        assertEquals(1, wallClock.size());
        return wallClock.get(0);
    }

    private <S extends StateStore> S store(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static boolean isEmpty(KeyValueStore<String, Long> store) {
        try (var all = store.all()) {
            return !all.hasNext();
        }
    }
}
