package io.flowpolicy.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrailingCursorTest {
    private static final Instant T0 = Instant.parse("2026-05-18T08:00:00Z");
    private static final Duration LEAD = Duration.ofSeconds(10);

    private final AtomicLong leader = new AtomicLong(TrailingCursor.NOTHING);
    private final MutableClock clock = new MutableClock(T0);
    private final TrailingCursor cursor = new TrailingCursor(leader::get, LEAD, clock);

    @Test
    void shouldAllowNothingUntilTheLeadersCursorWasSeenALeadAgo() {
        leader.set(100);
        assertEquals(TrailingCursor.NOTHING, at(T0));
        assertEquals(TrailingCursor.NOTHING, at(T0.plusSeconds(9)));

        assertEquals(100, at(T0.plusSeconds(10)));
    }

    @Test
    void shouldAnswerTheLeadersCursorAsItWasALeadAgoWhileTheLeaderMovesOn() {
        for (int s = 0; s <= 30; s += 5) {
            leader.set(1_000 + s);
            long limit = at(T0.plusSeconds(s));
            assertEquals(s < 10 ? TrailingCursor.NOTHING : 1_000 + s - 10, limit, "at second " + s);
        }
    }

    @Test
    void shouldAllowNothingWhileTheLeaderIsUnknownAndItsLastCursorWhileItStalls() {
        assertEquals(TrailingCursor.NOTHING, at(T0));
        assertEquals(TrailingCursor.NOTHING, at(T0.plusSeconds(10)));
        leader.set(500);
        at(T0.plusSeconds(20));

        assertEquals(500, at(T0.plusSeconds(31)));
        assertEquals(500, at(T0.plusSeconds(60)));
    }

    @Test
    void shouldFollowTheLeaderAtOnceWithoutLead() {
        TrailingCursor noLead = new TrailingCursor(leader::get, Duration.ZERO, Clock.systemUTC());
        leader.set(42);

        assertEquals(42, noLead.getAsLong());
    }

    @Test
    void shouldRefuseANegativeLead() {
        assertThrows(IllegalArgumentException.class,
            () -> new TrailingCursor(leader::get, Duration.ofSeconds(-1), Clock.systemUTC()));
    }

    private long at(Instant t) {
        clock.set(t);
        return cursor.getAsLong();
    }
}
