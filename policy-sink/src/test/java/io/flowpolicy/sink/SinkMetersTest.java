package io.flowpolicy.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.sink.git.Publication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SinkMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SinkMeters meters = new SinkMeters(registry);

    @Test
    void shouldCountAFailedPushAndClearPendingOnceAPushSucceeds() {
        meters.published(3, new Publication(Optional.of("c1"), Optional.of("c1"), Publication.PushState.PENDING));
        assertEquals(1, registry.get(SinkMeters.PUSHES_PENDING).gauge().value());

        meters.published(3, new Publication(Optional.empty(), Optional.of("c1"), Publication.PushState.PUSHED));

        assertEquals(0, registry.get(SinkMeters.PUSHES_PENDING).gauge().value());
        assertEquals(1, registry.get(SinkMeters.PUSH_FAILURES).counter().count());
        assertEquals(1, registry.get(SinkMeters.COMMITS).counter().count());
        assertEquals(2, registry.get(SinkMeters.APPLIES).counter().count());
        assertEquals(3, registry.get(SinkMeters.NAMESPACES).gauge().value());
    }

    @Test
    void shouldNotCountACommitWhenNothingChanged() {
        meters.published(1, new Publication(Optional.empty(), Optional.of("c1"), Publication.PushState.LOCAL_ONLY));

        assertEquals(0, registry.get(SinkMeters.COMMITS).counter().count());
        assertEquals(0, registry.get(SinkMeters.PUSH_FAILURES).counter().count());
    }
}
