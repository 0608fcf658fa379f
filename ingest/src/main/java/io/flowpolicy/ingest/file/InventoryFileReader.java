package io.flowpolicy.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.IpAddresses;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.ServicePorts;
import io.flowpolicy.model.RejectedLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an inventory file: JSON Lines, one IP ownership interval a line (see {@link InventoryRecord}).
 * A line that is not JSON, lacks a required field, has an unknown {@code kind}, an IP that is not an IP, or
 * {@code to} before {@code from} is rejected with reason {@value #BAD_RECORD}, naming the file and line number; a
 * {@code servicePorts} entry it cannot use is dropped with a warning, the line kept.
 */
public final class InventoryFileReader {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryFileReader.class);
    public static final String BAD_RECORD = "bad-inventory-record";

    private final Path file;

    public InventoryFileReader(Path file) {
        this.file = file;
    }

    /** Reads the whole file in order; returns the number of non-blank lines. Warnings are logged. */
    public long read(Consumer<SourceLine<InventoryRecord>> consumer) throws IOException {
        return read(consumer, warning -> LOG.warn("{}", warning));
    }

    /**
     * As {@link #read(Consumer)}, telling {@code warnings} what an accepted line lost (an unusable
     * {@code servicePorts} entry), as {@code <file>:<line>: <what>}.
     */
    public long read(Consumer<SourceLine<InventoryRecord>> consumer, Consumer<String> warnings) throws IOException {
        return LineFiles.forEachNonBlank(file, (text, number) -> consumer.accept(parse(text, number, warnings)));
    }

    SourceLine<InventoryRecord> parse(String text, long number, Consumer<String> warnings) {
        try {
            InventoryRecord record = validated(JsonSerde.MAPPER.readValue(text, InventoryRecord.class));
            return new SourceLine.Accepted<>(withUsableServicePorts(record,
                problem -> warnings.accept(file.getFileName() + ":" + number + ": " + problem)));
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
        return new InventoryRecord(ip, r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), r.from(), r.to(), r.servicePorts());
    }

    /**
     * The record without the {@code servicePorts} entries it cannot use: one naming a Service not in
     * {@code services}, or with a port that is not {@code <port>/<protocol>}. Each is reported to {@code warn}; the
     * Service of a dropped entry then counts for every port, as one left out does. Only the optional refinement is
     * lost: the pod's IP keeps its owner, so its flows stay its namespace's.
     */
    static InventoryRecord withUsableServicePorts(InventoryRecord r, Consumer<String> warn) {
        Map<String, List<String>> usable = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> service : r.servicePorts().entrySet()) {
            if (!r.services().contains(service.getKey())) {
                warn.accept("servicePorts names " + service.getKey() + ", which is not in \"services\"; ignored");
                continue;
            }
            List<String> bad = service.getValue().stream().filter(port -> !ServicePorts.isValid(port)).toList();
            if (!bad.isEmpty()) {
                warn.accept("servicePorts of " + service.getKey() + ": " + bad + " not <port>/<protocol> such as "
                    + "53/UDP; the entry is ignored, so that Service counts for every port of the pod");
                continue;
            }
            usable.put(service.getKey(), service.getValue());
        }
        if (usable.size() == r.servicePorts().size()) {
            return r;
        }
        return new InventoryRecord(r.ip(), r.kind(), r.namespace(), r.name(), r.workload(), r.labels(), r.node(),
            r.services(), r.from(), r.to(), usable);
    }
}
