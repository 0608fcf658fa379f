package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLabelsTest {
    private final NodeLabels nodes = new NodeLabels(List.of("host", "node", "instance"));

    @Test
    void shouldTakeTheFirstConfiguredLabelWithAValue() {
        assertEquals("node-1", nodes.nodeOf(Map.of("job", "node-journal", "host", "node-1", "node", "other")));
        assertEquals("node-2", nodes.nodeOf(Map.of("host", "", "node", "node-2")));
        assertEquals("10.0.0.3:9100", nodes.nodeOf(Map.of("instance", "10.0.0.3:9100")));
        assertEquals("", nodes.nodeOf(Map.of("job", "node-journal")));
        assertEquals("", nodes.nodeOf(Map.of()));
    }

    @Test
    void shouldAnswerEachMapByItsOwnLabelsWhenManyStreamsInterleave() {
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < 100; n++) {
                assertEquals("node-" + n, nodes.nodeOf(Map.of("host", "node-" + n)));
            }
        }
    }
}
