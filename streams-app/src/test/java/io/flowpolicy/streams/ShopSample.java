package io.flowpolicy.streams;

import io.flowpolicy.model.RawLine;
import java.time.Instant;
import java.util.List;

/** One pod of namespace {@code shop} that calls an external IP on ports 443 (twice) and 8443: two rules, three lines. */
final class ShopSample {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private ShopSample() {
    }

    /** Publishes the pod's inventory interval and its three lines. */
    static void feed(BrokerFixture broker) {
        broker.inventory(List.of(ServedService.pod("10.244.1.5", "shop", "api")));
        broker.lines(List.of(line(T0, 443), line(T0.plusSeconds(1), 443), line(T0.plusSeconds(2), 8443)));
    }

    /** A line of the pod to the external IP. */
    static RawLine line(Instant at, int port) {
        return TopologyHarness.line(at, "10.244.1.5", "93.184.216.34", "TCP", port);
    }
}
