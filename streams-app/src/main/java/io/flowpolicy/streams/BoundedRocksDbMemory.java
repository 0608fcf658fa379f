package io.flowpolicy.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all the app's RocksDB stores together: one block cache for every store of the JVM,
 * which also holds the stores' index and filter blocks and, through a write buffer manager, their memtables.
 *
 * <p>Kafka Streams otherwise gives each RocksDB instance its own 50 MiB block cache and up to three 16 MiB memtables,
 * index and filter blocks outside any cache. With four partitions the app already opens 13 instances (a window
 * store opens one per segment), and every added partition adds three or more: the off-heap total grew with the
 * partitions and the state instead of staying at a number an operator can fit into a container's memory limit.
 * This is the set-up the Kafka Streams memory-management guide describes.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Total bytes of block cache, index and filter blocks and memtables of all stores: a number, or its text. */
    public static final String TOTAL_BYTES_CONFIG = "flowpolicy.rocksdb.memory.bytes";
    public static final long DEFAULT_TOTAL_BYTES = 128L << 20;
    /** The least budget that still fits a few memtables and the pinned top-level index blocks of every store. */
    public static final long MIN_TOTAL_BYTES = 16L << 20;
    /** Memtables may take up to this share of the budget before the write buffer manager makes stores flush. */
    private static final double MEMTABLE_SHARE = 0.25;
    /** Index and filter blocks go to the high-priority part of the cache, so data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 8L << 20;

    /** One cache per budget and JVM: every store of an app shares it, as do apps of one JVM with the same budget. */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and write buffer manager all stores with one budget share; they live as long as the JVM. */
    record Shared(Cache cache, WriteBufferManager writeBuffers) {
        static Shared of(long totalBytes) {
            Cache cache = new LRUCache(totalBytes, -1, false, HIGH_PRIORITY_SHARE);
            return new Shared(cache, new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(totalBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        // Smaller memtables than Kafka's 16 MiB: after combining, a store sees a record per rule and day every few
        // seconds, and a dozen stores' 16 MiB memtables would each be far beyond their part of the memtable share.
        options.setWriteBufferSize(MEMTABLE_BYTES);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: closing one store must not free them.
    }

    static Shared shared(long totalBytes) {
        return SHARED.computeIfAbsent(totalBytes, Shared::of);
    }

    /** @throws ConfigException when the budget is not a number of at least {@link #MIN_TOTAL_BYTES} */
    static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        long bytes;
        if (value == null) {
            bytes = DEFAULT_TOTAL_BYTES;
        } else if (value instanceof Number number) {
            bytes = number.longValue();
        } else {
            try {
                bytes = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(TOTAL_BYTES_CONFIG, value, "not a number of bytes");
            }
        }
        if (bytes < MIN_TOTAL_BYTES) {
            throw new ConfigException(TOTAL_BYTES_CONFIG, value, "less than " + MIN_TOTAL_BYTES + " bytes");
        }
        return bytes;
    }
}
