package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.streams.dns.DnsSettings;
import io.flowpolicy.streams.dns.NameResolver;
import io.flowpolicy.streams.metrics.PipelineCounters;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

class TaskIdlingTest {
    private static final NameResolver NOTHING = new NameResolver() {
        @Override
        public Resolved addresses(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Resolved reverse(String ip) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void shouldTurnIdlingOffWhenEveryTaskReadsOnePartition() {
        Topology topology = FlowTopology.build(TopologySettings.defaults());
        Properties props = new Properties();

        TaskIdling.disableWhereUnneeded(topology, props);

        assertFalse(TaskIdling.needed(topology));
        assertEquals(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED, props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }

    @Test
    void shouldKeepIdlingForDnsNamingWhichMergesTwoTopicsInOneTask() {
        TopologySettings settings = TopologySettings.defaults()
            .withDns(DnsSettings.against(new InetSocketAddress("127.0.0.1", 53)));
        Topology topology = FlowTopology.build(settings, PipelineCounters.NONE, NOTHING);
        Properties props = new Properties();

        TaskIdling.disableWhereUnneeded(topology, props);

        assertTrue(TaskIdling.needed(topology));
        assertNull(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }
}
