package io.flowpolicy.streams;

import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.state.ReadinessRules;
import java.util.List;

/**
 * What the topology needs to know, apart from Kafka connection settings.
 *
 * @param linePrefix the log prefix Calico writes (FelixConfiguration {@code logPrefix})
 * @param nodeLabels stream label names that name the node, tried in order
 */
public record TopologySettings(String linePrefix, int maxLineLength, List<String> nodeLabels, ReadinessRules readiness) {
    public static TopologySettings defaults() {
        return new TopologySettings(CalicoLineParser.DEFAULT_PREFIX, CalicoLineParser.DEFAULT_MAX_LINE_LENGTH,
            List.of("host", "node", "instance", "hostname"), ReadinessRules.defaults());
    }
}
