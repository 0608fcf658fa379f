package io.flowpolicy.local.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A generated data set read back for assertions: flow records and inventory, straight from the files. */
record GeneratedData(List<Flow> flows, List<InventoryRecord> inventory) {

    record Flow(long tsNanos, String host, String line) {
        Instant instant() {
            return Timestamps.ofNanos(tsNanos);
        }
    }

    static GeneratedData read(Path dir) {
        try {
            List<Flow> flows = Files.readAllLines(dir.resolve(SyntheticDataSet.FLOWS)).stream().map(text -> {
                JsonNode node = readTree(text);
                return new Flow(Long.parseLong(node.get("ts").asText()), node.get("labels").get("host").asText(),
                    node.get("line").asText());
            }).toList();
            List<InventoryRecord> inventory = Files.readAllLines(dir.resolve(SyntheticDataSet.INVENTORY)).stream()
                .map(text -> {
                    try {
                        return JsonSerde.MAPPER.readValue(text, InventoryRecord.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            return new GeneratedData(flows, inventory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JsonSerde.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owner of an IP at an instant, as the pipeline looks it up (pods and services before nodes). */
    InventoryRecord ownerAt(String ip, Instant at) {
        return inventory.stream().filter(r -> r.ip().equals(ip) && r.ownedAt(at)).findFirst().orElse(null);
    }
}
