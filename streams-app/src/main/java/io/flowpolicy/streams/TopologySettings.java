package io.flowpolicy.streams;

import io.flowpolicy.streams.dns.DnsSettings;
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
 * @param combineInterval how often combined repeats of a rule are forwarded to the enriched topic: the latency it
 *                        adds to a new-destination event, and the window in which repeats cost nothing downstream
 * @param dns        DNS naming of external peers; {@link DnsSettings#disabled()} unless a DNS source is configured
 */
public record TopologySettings(String linePrefix, int maxLineLength, List<String> nodeLabels, ReadinessRules readiness,
                               Duration retention, Duration combineInterval, DnsSettings dns) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_COMBINE_INTERVAL = Duration.ofMillis(200);

    public TopologySettings {
        dns = dns == null ? DnsSettings.disabled() : dns;
    }

    /** Without DNS naming. */
    public TopologySettings(String linePrefix, int maxLineLength, List<String> nodeLabels, ReadinessRules readiness,
                            Duration retention, Duration combineInterval) {
        this(linePrefix, maxLineLength, nodeLabels, readiness, retention, combineInterval, DnsSettings.disabled());
    }

    public static TopologySettings defaults() {
        return new TopologySettings(CalicoLineParser.DEFAULT_PREFIX, CalicoLineParser.DEFAULT_MAX_LINE_LENGTH,
            List.of("host", "node", "instance", "hostname"), ReadinessRules.defaults(), DEFAULT_RETENTION,
            DEFAULT_COMBINE_INTERVAL);
    }

    public TopologySettings withLinePrefix(String prefix) {
        return new TopologySettings(prefix, maxLineLength, nodeLabels, readiness, retention, combineInterval, dns);
    }

    public TopologySettings withReadiness(ReadinessRules rules) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, rules, retention, combineInterval, dns);
    }

    public TopologySettings withRetention(Duration days) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, readiness, days, combineInterval, dns);
    }

    public TopologySettings withCombineInterval(Duration interval) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, readiness, retention, interval, dns);
    }

    public TopologySettings withDns(DnsSettings naming) {
        return new TopologySettings(linePrefix, maxLineLength, nodeLabels, readiness, retention, combineInterval,
            naming);
    }
}
