package io.flowpolicy.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.ServicePorts;
import io.flowpolicy.model.RejectedLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an inventory file: JSON Lines, one IP ownership interval a line (see {@link InventoryRecord}).
 * A line that is not JSON, lacks a required field, has an unknown {@code kind}, an IP that is not an IP, or
 * {@code to} before {@code from} is rejected with reason {@value #BAD_RECORD}, naming the file and line number.
 */
public final class InventoryFileReader {
    public static final String BAD_RECORD = "bad-inventory-record";

    private final Path file;

    public InventoryFileReader(Path file) {
        this.file = file;
    }

    /** Reads the whole file in order; returns the number of non-blank lines. */
    public long read(Consumer<SourceLine<InventoryRecord>> consumer) throws IOException {
        return LineFiles.forEachNonBlank(file, (text, number) -> consumer.accept(parse(text, number)));
    }

    SourceLine<InventoryRecord> parse(String text, long number) {
        try {
            return new SourceLine.Accepted<>(validated(JsonSerde.MAPPER.readValue(text, InventoryRecord.class)));
        } catch (JsonProcessingException e) {
            return rejected(text, number, "not a valid inventory JSON record (" + e.getOriginalMessage() + ")");
        } catch (IllegalArgumentException e) {
            return rejected(text, number, e.getMessage());
        }
    }

    private SourceLine<InventoryRecord> rejected(String text, long number, String reason) {
        String detail = file.getFileName() + ":" + number + ": " + reason;
        return new SourceLine.Rejected<>(new RejectedLine(BAD_RECORD, detail, text, null, Map.of()));
    }

    /** Checks the fields a lookup relies on and returns the record with its IP in canonical form. */
    static InventoryRecord validated(InventoryRecord r) {
        if (r.kind() == null || !InventoryRecord.KINDS.contains(r.kind())) {
            throw new IllegalArgumentException("unknown kind '" + r.kind() + "', expected one of " + InventoryRecord.KINDS);
        }
        if (r.ip() == null || r.ip().isBlank()) {
            throw new IllegalArgumentException("missing \"ip\"");
        }
        String ip = IpAddresses.canonical(r.ip())
            .orElseThrow(() -> new IllegalArgumentException("ip '" + r.ip() + "' is not an IPv4 or IPv6 address"));
        if (r.name() == null || r.name().isBlank()) {
            throw new IllegalArgumentException("missing \"name\"");
        }
        if (!"node".equals(r.kind()) && (r.namespace() == null || r.namespace().isBlank())) {
            throw new IllegalArgumentException("missing \"namespace\" for kind " + r.kind());
        }
        if (r.from() == null) {
            throw new IllegalArgumentException("missing \"from\"");
        }
        if (r.to() != null && !r.to().isAfter(r.from())) {
            throw new IllegalArgumentException("\"to\" " + r.to() + " is not after \"from\" " + r.from());
        }
        for (Map.Entry<String, List<String>> service : r.servicePorts().entrySet()) {
            if (!r.services().contains(service.getKey())) {
                throw new IllegalArgumentException("servicePorts names " + service.getKey()
                    + ", which is not in \"services\"");
            }
            for (String port : service.getValue()) {
                if (!ServicePorts.isValid(port)) {
                    throw new IllegalArgumentException("servicePorts of " + service.getKey() + ": '" + port
                        + "' is not <port>/<protocol> such as 53/UDP");
                }
            }
        }
        return new InventoryRecord(ip, r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), r.from(), r.to(), r.servicePorts());
    }
}
