package io.flowpolicy.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForwardScheduleTest {
    private final ForwardSchedule schedule = new ForwardSchedule(Duration.ofSeconds(5));

    @Test
    void shouldTreatAKeyAsNewUntilItIsForwarded() {
        assertTrue(schedule.isNew("billing|external:1.2.3.4|TCP|443|day"));
        schedule.forwarded("billing|external:1.2.3.4|TCP|443|day");
        assertFalse(schedule.isNew("billing|external:1.2.3.4|TCP|443|day"));
        assertTrue(schedule.isNew("billing|external:1.2.3.4|TCP|443|next-day"));
    }

    @Test
    void shouldHoldRepeatsWhileInputContinuesAndReleaseThemWhenItPauses() {
        assertTrue(schedule.forwardAll(0), "the first punctuation forwards everything");
        schedule.inputSeen();
        assertFalse(schedule.forwardAll(200));
        schedule.inputSeen();
        assertFalse(schedule.forwardAll(400));
        assertTrue(schedule.forwardAll(600), "no input since the last punctuation");
    }

    @Test
    void shouldReleaseRepeatsAfterTheHoldEvenUnderContinuousInput() {
        assertTrue(schedule.forwardAll(0));
        for (long now = 200; now < 5_000; now += 200) {
            schedule.inputSeen();
            assertFalse(schedule.forwardAll(now), "at " + now);
        }
        schedule.inputSeen();
        assertTrue(schedule.forwardAll(5_000));
        schedule.inputSeen();
        assertFalse(schedule.forwardAll(5_200));
    }
}
