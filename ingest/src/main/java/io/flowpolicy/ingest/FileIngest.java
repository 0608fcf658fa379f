package io.flowpolicy.ingest;

import io.flowpolicy.ingest.file.FlowFileReader;
import io.flowpolicy.ingest.file.InventoryFileReader;
import io.flowpolicy.ingest.file.SourceLine;
import io.flowpolicy.ingest.kafka.EncodedLine;
import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.model.InventoryRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a flow file and an inventory file to Kafka; bad lines are rejected, never fatal. */
public final class FileIngest {
    private static final Logger LOG = LoggerFactory.getLogger(FileIngest.class);
    private static final int LINES_PER_TRANSACTION = 10_000;

    private final String bootstrapServers;
    private final IngestMeters meters;

    public FileIngest(String bootstrapServers) {
        this(bootstrapServers, IngestMeters.unexported());
    }

    /** Counting flow-file lines read, rejected and published on {@code meters}. */
    public FileIngest(String bootstrapServers, IngestMeters meters) {
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    /**
     * Counts of one file's lines: everything read, and how many were rejected; the earliest and latest line times
     * (ns epoch; {@code Long.MAX_VALUE}/{@code Long.MIN_VALUE} when no line had one).
     */
    public record Counts(long read, long rejected, long minTs, long maxTs, java.time.Duration processing) {
        public Counts(long read, long rejected, long minTs, long maxTs) {
            this(read, rejected, minTs, maxTs, null);
        }

        /** These counts with the time from the first line read to the last line processed. */
        public Counts withProcessing(java.time.Duration duration) {
            return new Counts(read, rejected, minTs, maxTs, duration);
        }
    }

    /**
     * Publishes every line of a flow file to the raw topic (rejected ones to the rejected topic), in transactions.
     *
     * @param warnings receives one message per rejected line, naming the file and line number
     */
    public Counts publishFlows(Path flowFile, List<String> nodeLabels, Consumer<String> warnings) throws IOException {
        long[] rejected = {0};
        long[] pending = {0};
        long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
        Batch batch = new Batch();
        try (LinePublisher publisher = new LinePublisher(bootstrapServers, "flowpolicy-file-" + flowFile.toAbsolutePath(),
            nodeLabels)) {
            publisher.bindTo(meters.registry());
            long read = new FlowFileReader(flowFile).readEncoded(line -> {
                meters.fileLineRead();
                if (line instanceof SourceLine.Accepted<EncodedLine> accepted) {
                    publisher.send(accepted.value());
                    batch.add(accepted.value().tsNanos());
                    window[0] = Math.min(window[0], accepted.value().tsNanos());
                    window[1] = Math.max(window[1], accepted.value().tsNanos());
                } else if (line instanceof SourceLine.Rejected<?> bad) {
                    rejected[0]++;
                    meters.lineRejected(bad.rejection().reason());
                    batch.reject();
                    publisher.reject(bad.rejection());
                    warnings.accept(bad.rejection().detail());
                }
                if (++pending[0] % LINES_PER_TRANSACTION == 0) {
                    publisher.commit();
                    batch.committed(meters);
                }
            });
            publisher.commit();
            batch.committed(meters);
            LOG.info("published {} lines of {} ({} rejected)", read, flowFile, rejected[0]);
            return new Counts(read, rejected[0], window[0], window[1]);
        }
    }

    /** Publishes every interval of an inventory file; rejected lines are reported to {@code warnings} and skipped. */
    public Counts publishInventory(Path inventoryFile, Consumer<String> warnings) throws IOException {
        long[] rejected = {0};
        try (InventoryPublisher publisher = new InventoryPublisher(bootstrapServers, meters.registry())) {
            long read = new InventoryFileReader(inventoryFile).read(line -> {
                if (line instanceof SourceLine.Accepted<InventoryRecord> accepted) {
                    publisher.publishInterval(accepted.value());
                } else if (line instanceof SourceLine.Rejected<?> bad) {
                    rejected[0]++;
                    warnings.accept(bad.rejection().detail());
                }
            });
            publisher.flush();
            LOG.info("published {} inventory intervals of {} ({} rejected)", read - rejected[0], inventoryFile, rejected[0]);
            return new Counts(read, rejected[0], Long.MAX_VALUE, Long.MIN_VALUE);
        }
    }

    /** The lines of the open transaction, so the meters learn what each commit published. */
    private static final class Batch {
        private int records;
        private int lines;
        private long newest = Long.MIN_VALUE;

        void add(long tsNanos) {
            records++;
            lines++;
            newest = Math.max(newest, tsNanos);
        }

        void reject() {
            records++;
        }

        void committed(IngestMeters meters) {
            if (records == 0) {
                return; // the publisher had no transaction open
            }
            meters.committed(lines, newest);
            records = 0;
            lines = 0;
            newest = Long.MIN_VALUE;
        }
    }
}
