package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.RawLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundaryFilterTest {

    private static final Map<String, String> NODE_1 = Map.of("job", "node-journal", "host", "node-1");
    private static final Map<String, String> NODE_2 = Map.of("host", "node-2", "job", "node-journal");
    private static final String SYN = "calico-packet: IN=cali527b0801ecb OUT=eth0 PROTO=TCP DPT=443 SYN URGP=0";

    private final BoundaryFilter filter = new BoundaryFilter();
    private final List<RawLine> out = new ArrayList<>();

    @Test
    void shouldDropOnlyTheEntriesThePreviousPageDeliveredAtItsLastTimestamp() {
        filter.accept(List.of(RawLine.of(1, NODE_1, "a"), RawLine.of(2, NODE_1, SYN)), out);
        // Next page starts at 2: repeats node-1's entry, adds the same text from node-2 that the limit cut.
        filter.accept(List.of(RawLine.of(2, NODE_1, SYN), RawLine.of(2, NODE_2, SYN), RawLine.of(3, NODE_1, "b")), out);

        assertEquals(List.of(RawLine.of(1, NODE_1, "a"), RawLine.of(2, NODE_1, SYN), RawLine.of(2, NODE_2, SYN),
                RawLine.of(3, NODE_1, "b")), out);
    }

    @Test
    void shouldCountTrulyIdenticalEntriesRatherThanCollapseThem() {
        RawLine twin = RawLine.of(5, NODE_1, SYN);
        filter.accept(List.of(RawLine.of(4, NODE_1, "a"), twin, twin), out);
        filter.accept(List.of(twin, twin, twin), out);

        assertEquals(List.of(RawLine.of(4, NODE_1, "a"), twin, twin, twin), out);
    }

    @Test
    void shouldRememberEverythingDeliveredAtOneTimestampAcrossSeveralPages() {
        RawLine a = RawLine.of(7, NODE_1, "a");
        RawLine b = RawLine.of(7, NODE_2, "b");
        RawLine c = RawLine.of(7, NODE_1, "c");
        filter.accept(List.of(a), out);
        filter.accept(List.of(a, b), out);
        filter.accept(List.of(b, a, c), out);

        assertEquals(List.of(a, b, c), out);
    }
}
