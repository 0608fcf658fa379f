package io.flowpolicy.streams.enrich;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A processor's plain in-memory map, handed to a callback just before every commit of its task: the callback writes
 * it into a changelogged store, so its content reaches Kafka in the same exactly-once transaction as the offsets of
 * the records that filled it, and a crash loses or doubles nothing (the records are then processed again). Between
 * commits an update costs a {@link HashMap} merge instead of a serialised put into Kafka Streams' record cache.
 *
 * <p>The hook is the one internal interface flowpolicy relies on: Kafka Streams (4.4) calls
 * {@link CachedStateStore#flushCache()} on every store of a task in {@code ProcessorStateManager.flushCache}, before
 * it flushes the producer and commits. {@code CombiningTest}, {@code NoDuplicateEventsIT} and {@code StreamsKillIT} fail if an
 * upgrade stops calling it.
 */
public final class PreCommitBuffer<K, V> implements StateStore, CachedStateStore<K, V> {
    private final String name;
    private final Map<K, V> entries = new HashMap<>();
    private Consumer<Map<K, V>> beforeCommit = spilled -> {
    };
    private boolean open;

    private PreCommitBuffer(String name) {
        this.name = name;
    }

    /** A buffer without a changelog of its own: what it holds is uncommitted by definition. */
    public static <K, V> StoreBuilder<PreCommitBuffer<K, V>> builder(String name) {
        return new Builder<>(name);
    }

    /** Sets what receives the entries before each commit; the buffer is empty again afterwards. */
    public void beforeCommit(Consumer<Map<K, V>> callback) {
        this.beforeCommit = callback;
    }

    public void merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> combine) {
        entries.merge(key, value, combine);
    }

    /** Hands the entries to {@code consumer} (a punctuation forwarding them, say) and empties the buffer. */
    public void drainTo(Consumer<Map<K, V>> consumer) {
        if (!entries.isEmpty()) {
            consumer.accept(entries);
            entries.clear();
        }
    }

    /** Hands the entries whose key matches to {@code consumer} and removes them. */
    public void drainTo(Predicate<K> which, BiConsumer<K, V> consumer) {
        for (Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, V> entry = it.next();
            if (which.test(entry.getKey())) {
                consumer.accept(entry.getKey(), entry.getValue());
                it.remove();
            }
        }
    }

    @Override
    public void flushCache() {
        drainTo(beforeCommit);
    }

    /** Called when a task's uncommitted state is thrown away: the records behind it are processed again. */
    @Override
    public void clearCache() {
        entries.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        entries.clear();
        context.register(root, (key, value) -> {
            throw new IllegalStateException("store " + name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public void close() {
        entries.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder<K, V>(String name) implements StoreBuilder<PreCommitBuffer<K, V>> {
        @Override
        public StoreBuilder<PreCommitBuffer<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("store " + name + " is a cache of its own");
        }

        @Override
        public StoreBuilder<PreCommitBuffer<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<PreCommitBuffer<K, V>> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("store " + name + " is never logged: it holds uncommitted data");
        }

        @Override
        public StoreBuilder<PreCommitBuffer<K, V>> withLoggingDisabled() {
            return this;
        }

        @Override
        public PreCommitBuffer<K, V> build() {
            return new PreCommitBuffer<>(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
