package io.flowpolicy.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics idempotently and waits until they can take writes; works against any broker. */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /**
     * Creates the topics that do not exist yet and waits until every partition of every topic has a leader.
     *
     * @throws IllegalStateException when the broker does not confirm within the timeout
     */
    public static void createAndAwait(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
            awaitLeaders(admin, names, timeout);
            awaitServing(admin, names, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker " + bootstrapServers + " did not create topics in " + timeout, e);
        }
    }

    /**
     * Waits until every partition's leader answers a ListOffsets request. Metadata can name a leader a moment before
     * the leader serves the partition; an idempotent producer whose first batches then fail with
     * NOT_LEADER_OR_FOLLOWER can be stuck in OUT_OF_ORDER_SEQUENCE retries until its delivery timeout (2 minutes).
     */
    private static void awaitServing(Admin admin, Collection<String> names, Duration timeout)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions().forEach(
                    p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " are not served after " + timeout, e.getCause());
                }
            }
            Thread.sleep(50);
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> names, Duration timeout)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
                boolean ready = descriptions.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // Metadata may lag creation for a moment (UnknownTopicOrPartition): ask again until the deadline.
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " have no leader", e.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
