package io.flowpolicy.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {
    private static final long BUDGET = 48L << 20;

    @TempDir
    Path stateDir;

    @Test
    void shouldGiveEveryPersistentStoreOfTheTopologyTheOneCacheOfTheBudget() {
        try (TopologyHarness topology = new TopologyHarness(TopologySettings.defaults(), stateDir,
                Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, BUDGET))) {
            topology.pod("10.244.1.5", "billing", "api", List.of());
            // A flow makes the tracker write its daily counts, which opens the window store's first segment.
            topology.flow(Instant.parse("2026-11-20T10:00:00Z"), "10.244.1.5", "1.1.1.1", "TCP", 443);

            // Kafka Streams reports each RocksDB store's block cache capacity; its own default is 50 MiB per store.
            Map<String, Object> capacities = new TreeMap<>();
            topology.driver.metrics().forEach((name, metric) -> {
                if (name.name().equals("block-cache-capacity")) {
                    capacities.put(name.tags().toString(), metric.metricValue());
                }
            });

            assertEquals(4, capacities.size(), "inventory, destinations, activity, daily counts: " + capacities);
            capacities.forEach((store, capacity) -> assertEquals(BigInteger.valueOf(BUDGET), capacity, store));
        }
    }

    @Test
    void shouldShareOneCacheAndOneWriteBufferManagerBetweenStoresAndKeepIndexesInTheCache() {
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, BUDGET);
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());

            setter.setConfig("destinations", first, configs);
            setter.setConfig("namespace-activity", second, configs);

            assertSame(BoundedRocksDbMemory.shared(BUDGET).writeBuffers(), first.writeBufferManager());
            assertSame(first.writeBufferManager(), second.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertTrue(table.cacheIndexAndFilterBlocks());
            assertTrue(table.cacheIndexAndFilterBlocksWithHighPriority());
            assertTrue(table.pinTopLevelIndexAndFilter());
            setter.close("destinations", first);
            setter.close("namespace-activity", second);
        }
    }

    @Test
    void shouldTakeTheBudgetAsANumberOrItsTextAndDefaultTo128MiB() {
        assertEquals(BUDGET, BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG,
            Long.toString(BUDGET))));
        assertEquals(128L << 20, BoundedRocksDbMemory.totalBytes(Map.of()));
    }

    @Test
    void shouldRefuseABudgetBelowTheMinimumOrNotANumberNamingTheConfig() {
        ConfigException small = assertThrows(ConfigException.class,
            () -> BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 1024L)));
        assertTrue(small.getMessage().contains(
            "value 1024 for configuration " + BoundedRocksDbMemory.TOTAL_BYTES_CONFIG), small.getMessage());
        assertTrue(small.getMessage().contains("less than 16777216 bytes"), small.getMessage());
        ConfigException text = assertThrows(ConfigException.class,
            () -> BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "lots")));
        assertTrue(text.getMessage().contains("not a number of bytes"), text.getMessage());
    }
}
