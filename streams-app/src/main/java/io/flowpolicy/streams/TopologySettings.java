package io.flowpolicy.streams;

import io.flowpolicy.streams.parse.CalicoLineParser;
import io.flowpolicy.streams.state.ReadinessRules;
import java.time.Duration;
import java.util.List;

/**
 * What the topology needs to know, apart from Kafka connection settings.
 *
 * @param linePrefix the log prefix Calico writes (FelixConfiguration {@code logPrefix})
 * @param nodeLabels stream label names that name the node, tried in order
 * @param retention  how long daily windows are kept, and how long a rule may go unseen before it is stale
 */
public record TopologySettings(String linePrefix, int maxLineLength, List<String> nodeLabels, ReadinessRules readiness,
                               Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public static TopologySettings defaults() {
        return new TopologySettings(CalicoLineParser.DEFAULT_PREFIX, CalicoLineParser.DEFAULT_MAX_LINE_LENGTH,
            List.of("host", "node", "instance", "hostname"), ReadinessRules.defaults(), DEFAULT_RETENTION);
    }

    public TopologySettings withReadiness(ReadinessRules rules) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, rules, retention);
    }

    public TopologySettings withRetention(Duration days) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, readiness, days);
    }
}
