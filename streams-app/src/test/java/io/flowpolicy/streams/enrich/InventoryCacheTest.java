package io.flowpolicy.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.JsonSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The cache in front of the inventory store: an IP's intervals are scanned once, and again only after one of that
 * IP's records changed, so churn elsewhere in the cluster does not send every lookup back to the store.
 */
class InventoryCacheTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant AT = FROM.plusSeconds(3_600);
    private static final String WEB = "10.244.1.7";
    private static final String DB = "10.244.2.9";

    private final InventoryCache cache = new InventoryCache();
    private final Map<String, List<InventoryRecord>> store = new HashMap<>();
    private final Map<String, Integer> loads = new HashMap<>();
    private final Function<String, List<InventoryRecord>> load = ip -> {
        loads.merge(ip, 1, Integer::sum);
        return List.copyOf(store.getOrDefault(ip, List.of()));
    };

    @Test
    void shouldScanAnIpOnceAndAnswerLaterLookupsFromMemory() {
        own(WEB, "web-1");

        assertEquals(Optional.of("web-1"), ownerName(WEB));
        assertEquals(Optional.of("web-1"), ownerName(WEB));
        assertEquals(Optional.empty(), ownerName(DB));
        assertEquals(Optional.empty(), ownerName(DB));

        assertEquals(Map.of(WEB, 1, DB, 1), loads);
    }

    @Test
    void shouldScanAgainOnlyTheIpWhoseRecordsChanged() {
        own(WEB, "web-1");
        ownerName(WEB);
        ownerName(DB);

        own(DB, "db-0");
        cache.invalidate(DB);

        assertEquals(Optional.of("db-0"), ownerName(DB));
        assertEquals(Optional.of("web-1"), ownerName(WEB));
        assertEquals(Map.of(WEB, 1, DB, 2), loads);
    }

    @Test
    void shouldScanEveryIpAgainAfterAChangeWhoseIpIsUnknown() {
        ownerName(WEB);
        ownerName(DB);

        cache.invalidateAll();
        ownerName(WEB);
        ownerName(DB);

        assertEquals(Map.of(WEB, 2, DB, 2), loads);
    }

    @Test
    void shouldNotKeepAScanThatAChangeRacedWith() {
        // The change lands in the store after the scan read it: the scan's result is already outdated.
        Function<String, List<InventoryRecord>> racingLoad = ip -> {
            List<InventoryRecord> before = load.apply(ip);
            own(DB, "db-0");
            cache.invalidate(DB);
            return before;
        };
        assertEquals(Optional.empty(), cache.ownerAt(DB, AT, racingLoad).map(InventoryRecord::name));

        assertEquals(Optional.of("db-0"), ownerName(DB));
        assertEquals(Map.of(DB, 2), loads);
    }

    @Test
    void shouldInvalidateTheIpOfEachRecordTheUpdaterWrites() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, InventoryRecord> inventory = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("inventory"), Serdes.String(), JsonSerde.of(InventoryRecord.class))
            .withLoggingDisabled().build();
        inventory.init(context.getStateStoreContext(), inventory);
        context.addStateStore(inventory);
        InventoryStoreUpdater updater = new InventoryStoreUpdater("inventory", cache);
        updater.init(context);
        ownerName(WEB);
        ownerName(DB);

        InventoryRecord db = pod(DB, "db-0");
        own(DB, "db-0");
        updater.process(new Record<>(db.topicKey(), db, 0L));
        ownerName(WEB);
        ownerName(DB);
        updater.process(new Record<>("not-an-inventory-key", null, 0L));
        ownerName(WEB);

        assertEquals(db, inventory.get(db.topicKey()));
        assertEquals(Map.of(WEB, 2, DB, 2), loads);
    }

    private Optional<String> ownerName(String ip) {
        return cache.ownerAt(ip, AT, load).map(InventoryRecord::name);
    }

    private void own(String ip, String pod) {
        store.computeIfAbsent(ip, k -> new ArrayList<>()).add(pod(ip, pod));
    }

    private static InventoryRecord pod(String ip, String name) {
        return new InventoryRecord(ip, "pod", "shop", name, "Deployment/" + name, Map.of(), "node-1", List.of(),
            FROM, null);
    }
}
