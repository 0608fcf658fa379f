package io.flowpolicy.streams;

import io.flowpolicy.model.TopicLayout;
import io.flowpolicy.streams.errors.MalformedRecordHandler;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties of the flowpolicy app. */
public final class StreamsConfigs {
    public static final String DEFAULT_APPLICATION_ID = "flowpolicy-streams";
    private static final int RESTORE_FETCH_WAIT_MS = 50;

    private StreamsConfigs() {
    }

    /**
     * @param stateDir where RocksDB stores live; must survive restarts for fast recovery (else restored from changelogs)
     * @param httpEndpoint host:port this instance serves its API on, so other instances can route queries here;
     *                     null when the API is off
     */
    public static Properties of(String bootstrapServers, String applicationId, Path stateDir, int threads,
                                String httpEndpoint) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, MalformedRecordHandler.class);
        // The global (inventory) thread uses the same processing exception handler as the stream threads (log and
        // fail; processors never throw on input), as Kafka Streams will by default: said here, it stops the
        // warning at every start.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // Restoring the global inventory store, and a task's changelog, waited a whole fetch.max.wait.ms (500 ms) for
        // each partition with nothing more to fetch: 1.3 s of every analyze's start. An idle instance's global
        // consumer now asks every 50 ms, which the broker answers from memory.
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_WAIT_MS);
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_WAIT_MS);
        // Kafka Streams creates its internal topics at the first rebalance and looks until the broker reports them
        // ready, sleeping the main consumer's retry.backoff.ms in between: four sleeps of 100 ms at every first start
        // of the app (every analyze). Failed requests still back off exponentially, up to 1 s.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        // The same for each stream thread's transactional producer: its initTransactions waits one retry.backoff.ms
        // after finding the coordinator before it asks for a producer id.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        p.put(StreamsConfig.topicPrefix(TopicLayout.TIMESTAMP_AFTER_MAX_MS), TopicLayout.ANY_TIME_AHEAD);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), TopicLayout.MAX_CANDIDATE_BYTES);
        if (httpEndpoint != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, httpEndpoint);
            // Static membership keyed by the stable endpoint (a StatefulSet pod's DNS name and port): an instance
            // that crashed and restarts takes its tasks back at once, instead of stalling the group until the dead
            // member's session times out.
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                (applicationId + "-" + httpEndpoint).replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        return p;
    }
}
