package io.flowpolicy.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebouncerTest {
    private final Debouncer debouncer = new Debouncer(5, 60);

    @Test
    void shouldWaitForTheBurstToEnd() {
        debouncer.changed(0);
        debouncer.changed(3);

        assertFalse(debouncer.due(7));
        assertTrue(debouncer.due(8));
    }

    @Test
    void shouldApplyASteadyTrickleAfterTheLongestDelay() {
        for (long t = 0; t < 60; t += 2) {
            debouncer.changed(t);
            assertFalse(debouncer.due(t + 1));
        }
        debouncer.changed(60);

        assertTrue(debouncer.due(60));
    }

    @Test
    void shouldNotBeDueWithoutAChangeSinceTheLastApply() {
        debouncer.changed(0);
        debouncer.applied();

        assertFalse(debouncer.due(1_000));
    }
}
