package io.flowpolicy.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import io.flowpolicy.streams.enrich.ParseAndEnrichProcessor;
import io.flowpolicy.streams.state.DestinationTracker;
import java.util.function.BooleanSupplier;

/**
 * Tells whether a consumer group (the Streams app) has committed everything that is committed on its input topics:
 * the one-shot commands use it to know that processing is complete.
 */
public final class ConsumerGroupProgress {
    /** The confirming check needs only to come after any commit that raced the first one, not a whole poll later. */
    private static final long CONFIRM_AFTER_MS = 50;

    private static final List<TransactionState> UNFINISHED = List.of(TransactionState.ONGOING,
        TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private final Admin admin;
    private final String groupId;

    public ConsumerGroupProgress(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /** Whether, for every partition of the topics, the group's committed offset reached the last stable offset. */
    public boolean caughtUp(Collection<String> topics) throws ExecutionException, InterruptedException, TimeoutException {
        return lagging(topics).isEmpty();
    }

    /** The partitions whose committed offset is behind the last stable offset, as "partition committed/stable". */
    public List<String> lagging(Collection<String> topics)
        throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        List<String> behind = new java.util.ArrayList<>();
        for (var end : ends.entrySet()) {
            long stable = end.getValue().offset();
            OffsetAndMetadata done = committed.get(end.getKey());
            if (stable > 0 && (done == null || done.offset() < stable)) {
                behind.add(end.getKey() + " " + (done == null ? "none" : done.offset()) + "/" + stable);
            }
        }
        return behind;
    }

    /**
     * Polls until caught up twice in a row (a commit can land between the two reads of one check).
     *
     * @throws IllegalStateException when not caught up within the timeout
     */
    public void awaitCaughtUp(List<String> topics, Duration timeout, Duration pollInterval) throws Exception {
        awaitCaughtUp(topics, timeout, pollInterval, () -> true);
    }

    /**
     * As {@link #awaitCaughtUp(List, Duration, Duration)}, and {@code idle} must hold too: e.g. that no combined flow
     * is still pending in an instance's store.
     */
    public void awaitCaughtUp(List<String> topics, Duration timeout, Duration pollInterval, BooleanSupplier idle)
        throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int streak = 0;
        while (streak < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + groupId + " did not process " + topics + " within " + timeout
                    + "; behind (committed/stable): " + lagging(topics) + ", idle: " + idle.getAsBoolean());
            }
            streak = idle.getAsBoolean() && noUnfinishedTransaction() && caughtUp(topics) ? streak + 1 : 0;
            if (streak < 2) {
                long pollMillis = pollInterval.toMillis();
                Thread.sleep(streak == 1 ? Math.min(pollMillis, CONFIRM_AFTER_MS) : pollMillis);
            }
        }
    }

    /**
     * Whether no transaction still hides records from read_committed offsets, so that "caught up" is not premature:
     * none of the group's producers has one open (combined flows just flushed, say), and no producer at all has
     * one whose commit or abort is still being written. A producer's commitTransaction returns before the broker
     * has written the markers, and until then the last stable offset stops before that transaction: the group
     * could look caught up while the input's last transaction, or its own output, is not yet visible.
     */
    private boolean noUnfinishedTransaction() throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listTransactions(new ListTransactionsOptions().filterStates(UNFINISHED)).all()
            .get(30, TimeUnit.SECONDS).stream().noneMatch(listing -> holdsBack(listing, groupId));
    }

    /**
     * Whether a transaction keeps the group from being done: the group's own while open, any while it ends. (Open
     * transactions of other producers are theirs to finish: one left open could stall this check for a minute.)
     * The Streams producers' transactional ids start with the application id, which is the group id.
     */
    static boolean holdsBack(TransactionListing listing, String groupId) {
        return listing.state() != TransactionState.ONGOING || listing.transactionalId().startsWith(groupId + "-");
    }

    /**
     * Whether an instance holds no combined flows still to be forwarded and no namespace whose profile and candidate
     * are still to be published (false while stores migrate, and while a store changes under the query: its
     * iterator can then fail with {@link java.util.NoSuchElementException}, which means it was not idle anyway).
     */
    public static boolean nothingPending(KafkaStreams streams) {
        return isEmpty(streams, ParseAndEnrichProcessor.PENDING_STORE)
            && isEmpty(streams, DestinationTracker.UNPUBLISHED_STORE);
    }

    private static boolean isEmpty(KafkaStreams streams, String storeName) {
        try {
            ReadOnlyKeyValueStore<String, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                storeName, QueryableStoreTypes.keyValueStore()));
            try (var all = store.all()) {
                return !all.hasNext();
            }
        } catch (InvalidStateStoreException | java.util.NoSuchElementException e) {
            return false;
        }
    }
}
