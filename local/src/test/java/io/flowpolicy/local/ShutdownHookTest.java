package io.flowpolicy.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShutdownHookTest {

    @Test
    void shouldStayRegisteredWhileOpenAndBeTakenOffWhenClosed() {
        ShutdownHook hook = ShutdownHook.install("test-hook", () -> { });
        try {
            // The JVM refuses a hook it already holds.
            assertThrows(IllegalArgumentException.class, () -> Runtime.getRuntime().addShutdownHook(hook.thread()));
        } finally {
            hook.close();
        }

        // Taken off: the JVM takes the same thread as a new hook again (and it is removed at once).
        Runtime.getRuntime().addShutdownHook(hook.thread());
        assertTrue(Runtime.getRuntime().removeShutdownHook(hook.thread()));
    }
}
