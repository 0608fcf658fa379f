package io.flowpolicy.streams.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingResolverTest {
    private Instant now = Instant.parse("2026-05-01T10:00:00Z");
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicBoolean serverUp = new AtomicBoolean(false);

    private final NameResolver server = new NameResolver() {
        @Override
        public Resolved addresses(String name) {
            lookups.incrementAndGet();
            if (!serverUp.get()) {
                throw new UncheckedIOException(new IOException("no answer from 127.0.0.1:53 after 2 s"));
            }
            return new Resolved(List.of("192.0.2.1"), Duration.ofMinutes(5));
        }

        @Override
        public Resolved reverse(String ip) {
            return addresses(ip);
        }
    };

    private final CachingResolver resolver = new CachingResolver(server, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void shouldStopAskingADeadServerForEveryNewNameAndTryItAgainAfterTheFailureTtl() {
        for (int i = 0; i < 100; i++) {
            assertTrue(resolver.addresses("name-" + i + ".example.com").values().isEmpty());
        }
        assertEquals(CachingResolver.FAILURES_BEFORE_DOWN, lookups.get());

        serverUp.set(true);
        now = now.plus(Duration.ofSeconds(31));

        assertEquals(1, resolver.addresses("name-100.example.com").values().size());
        assertEquals(1, resolver.addresses("name-101.example.com").values().size());
        assertEquals(CachingResolver.FAILURES_BEFORE_DOWN + 2, lookups.get());
    }
}
