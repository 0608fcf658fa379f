package io.flowpolicy.sink;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.NameAddress;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.model.Topic;
import io.flowpolicy.model.Topics;
import io.flowpolicy.sink.git.Publication;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.flowpolicy.sink.render.NameAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running sink: reads the compacted candidate and profile topics (committed records only) from their
 * start, keeps the latest value per namespace, and applies them to the {@link PolicySink} once the topics have
 * been read up to where they ended at start, then after each burst of changes (debounced by {@code interval}).
 * While a push is pending because the remote was unreachable, it re-applies every {@code interval}, which pushes
 * the kept commit without making a new one. No consumer group: a restart re-reads the compacted topics, and the
 * sink commits nothing when the result is unchanged.
 *
 * <p>When the DNS names topic exists it is read too, so DNS-named peers render with their current addresses
 * (docs/dns.md); without a DNS source it is empty and rendering is as before.
 *
 * <p>{@link #run()} blocks until {@link #close()} is called from another thread.
 */
public final class SinkService implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final PolicySink sink;
    private final Duration interval;
    private final SinkMeters meters;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, CandidatePolicy> candidates = new TreeMap<>();
    private final Map<String, NamespaceProfile> profiles = new TreeMap<>();
    private final Map<String, NameAddress> names = new TreeMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** @param interval the longest a change waits before it is applied, and the retry period of a pending push */
    public SinkService(String bootstrapServers, PolicySink sink, Duration interval) {
        this(bootstrapServers, sink, interval, SinkMeters.unexported());
    }

    /** Counting commits, push failures and applied candidates on {@code meters}, with the consumer's metrics. */
    public SinkService(String bootstrapServers, PolicySink sink, Duration interval, SinkMeters meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval <= 0: " + interval);
        }
        this.interval = interval;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
             KafkaClientMetrics clientMetrics = new KafkaClientMetrics(c)) {
            clientMetrics.bindTo(meters.registry());
            consumer = c;
            if (!running.get()) {
                return;
            }
            Map<TopicPartition, Long> startEnd = assignFromStart(c);
            Debouncer debouncer = new Debouncer(Math.min(QUIET.toNanos(), interval.toNanos()), interval.toNanos());
            boolean caughtUp = false;
            boolean pushPending = false;
            long lastApply = System.nanoTime();
            while (running.get()) {
                if (poll(c)) {
                    debouncer.changed(System.nanoTime());
                }
                long now = System.nanoTime();
                if (!caughtUp) {
                    caughtUp = startEnd.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
                    if (caughtUp) {
                        LOG.info("read {} candidate policies and {} profiles; applying", candidates.size(), profiles.size());
                        debouncer.changed(now - interval.toNanos());
                    }
                }
                boolean retry = pushPending && now - lastApply >= interval.toNanos();
                if (caughtUp && (debouncer.due(now) || retry)) {
                    debouncer.applied();
                    lastApply = now;
                    pushPending = apply().push() == Publication.PushState.PENDING;
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    private Publication apply() {
        if (candidates.isEmpty()) {
            LOG.warn("no candidate policy on {} yet: the policy repository is left as it was until one arrives",
                Topics.CANDIDATE_POLICIES.name());
        }
        Publication publication = sink.apply(List.copyOf(candidates.values()), Map.copyOf(profiles),
            Observation.unknown(), NameAddresses.of(List.copyOf(names.values())));
        meters.published(candidates.size(), publication);
        return publication;
    }

    /** @return whether any candidate or profile changed */
    private boolean poll(KafkaConsumer<byte[], byte[]> c) {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
            if (r.topic().equals(Topics.CANDIDATE_POLICIES.name())) {
                if (update(candidates, Topics.CANDIDATE_POLICIES, r)) {
                    meters.candidateApplied();
                    changed = true;
                }
            } else if (r.topic().equals(Topics.DNS_NAMES.name())) {
                changed |= update(names, Topics.DNS_NAMES, r);
            } else {
                changed |= update(profiles, Topics.PROFILES, r);
            }
        }
        return changed;
    }

    private static <V> boolean update(Map<String, V> latest, Topic<String, V> topic, ConsumerRecord<byte[], byte[]> r) {
        String key = topic.keySerde().deserializer().deserialize(topic.name(), r.key());
        V value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
        if (key == null) {
            return false;
        }
        return value == null ? latest.remove(key) != null : !value.equals(latest.put(key, value));
    }

    private Map<TopicPartition, Long> assignFromStart(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.CANDIDATE_POLICIES.name(), Topics.PROFILES.name())) {
            c.partitionsFor(topic, Duration.ofMinutes(1))
                .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topics " + Topics.CANDIDATE_POLICIES.name() + " and "
                + Topics.PROFILES.name() + " not found at " + bootstrapServers + "; start the streams app first");
        }
        // Optional: the streams app creates it, but a cluster set up before DNS naming may not have it.
        List<PartitionInfo> dnsNames = c.listTopics(Duration.ofMinutes(1))
            .getOrDefault(Topics.DNS_NAMES.name(), List.of());
        dnsNames.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return new HashMap<>(c.endOffsets(partitions, Duration.ofMinutes(1)));
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowpolicy-sink");
        // Topics are created with their layout (compaction) by the streams app, never by a read.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return p;
    }

    /** Stops {@link #run()}; safe from any thread. */
    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
