package io.flowpolicy.ingest;

import io.flowpolicy.ingest.file.FilePosition;
import io.flowpolicy.ingest.file.FlowFileReader;
import io.flowpolicy.ingest.file.InventoryFileReader;
import io.flowpolicy.ingest.file.PositionMismatchException;
import io.flowpolicy.ingest.file.SourceLine;
import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.kafka.EncodedLine;
import io.flowpolicy.ingest.kafka.InventoryPublisher;
import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a flow file and an inventory file to Kafka; bad lines are rejected, never fatal. A flow file is
 * published either checkpointed, exactly once across runs ({@link #publishFlowsOnce}, {@code ingest --file}), or
 * without a checkpoint ({@link #publishFlows}, {@code analyze} on its throwaway broker).
 */
public final class FileIngest {
    private static final Logger LOG = LoggerFactory.getLogger(FileIngest.class);
    private static final int LINES_PER_TRANSACTION = 10_000;
    /**
     * Without a checkpoint to commit with the lines, a transaction is only what makes them visible: larger ones block
     * the reading thread on fewer commits (analyze 4-10 % faster than with 10,000, docs/performance.md) and still
     * hand the streams app work every half second or so.
     */
    private static final int LINES_PER_UNCHECKPOINTED_TRANSACTION = 100_000;
    private static final Duration CHECKPOINT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final IngestMeters meters;
    private final Clock clock;

    public FileIngest(String bootstrapServers) {
        this(bootstrapServers, IngestMeters.unexported());
    }

    /** Counting flow-file lines read, rejected and published on {@code meters}. */
    public FileIngest(String bootstrapServers, IngestMeters meters) {
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * Counts of one file's lines: everything read, and how many were rejected; the earliest and latest line times
     * (ns epoch; {@code Long.MAX_VALUE}/{@code Long.MIN_VALUE} when no line had one).
     */
    public record Counts(long read, long rejected, long minTs, long maxTs, java.time.Duration processing,
                         boolean maxExclusive) {
        public Counts(long read, long rejected, long minTs, long maxTs) {
            this(read, rejected, minTs, maxTs, null, false);
        }

        /** A range [minTs, maxTs) that was read, rather than the first and last line's times. */
        public static Counts ofRange(long read, long rejected, long minTs, long maxTsExclusive) {
            return new Counts(read, rejected, minTs, maxTsExclusive, null, true);
        }

        /** These counts with the time from the first line read to the last line processed. */
        public Counts withProcessing(java.time.Duration duration) {
            return new Counts(read, rejected, minTs, maxTs, duration, maxExclusive);
        }
    }

    /**
     * Publishes every line of a flow file to the raw topic (rejected ones to the rejected topic), in transactions,
     * without a checkpoint: a second call publishes the file again. For a throwaway broker ({@code analyze}).
     *
     * @param warnings receives one message per rejected line, naming the file and line number
     */
    public Counts publishFlows(Path flowFile, List<String> nodeLabels, Consumer<String> warnings) throws IOException {
        long[] pending = {0};
        try (LinePublisher publisher = new LinePublisher(bootstrapServers, "flowpolicy-file-" + flowFile.toAbsolutePath(),
            nodeLabels)) {
            publisher.bindTo(meters.registry());
            Batch batch = new Batch(publisher, meters, warnings);
            long read = new FlowFileReader(flowFile).readEncoded(line -> {
                batch.add(line);
                if (++pending[0] % LINES_PER_UNCHECKPOINTED_TRANSACTION == 0) {
                    batch.commit();
                }
            });
            batch.commit();
            LOG.info("published {} lines of {} ({} rejected)", read, flowFile, batch.rejected);
            return batch.counts(read);
        }
    }

    /**
     * Publishes a flow file exactly once across runs: each transaction of lines also holds the file's checkpoint
     * (the position after its last line, with the SHA-256 of the bytes before it), and a run resumes after the
     * last committed one, publishing only the lines after it, when the file still begins with the checkpointed
     * bytes. A file with nothing after the checkpoint publishes nothing.
     *
     * <p>The source is the file's first non-blank line, not its path: a copy elsewhere, or the file grown by
     * appending, resumes. Its transactional id is {@code flowpolicy-ingest-<source id>}, so a run fences a crashed
     * predecessor (aborting its open transaction) before it reads the checkpoint.
     *
     * @param republish publish from line 1 whatever the checkpoint says (the lines published before are then on
     *                  the raw topic twice), and checkpoint as usual
     * @param warnings  receives one message per rejected line, naming the file and line number
     * @throws CheckpointMismatchException before anything is published, when the source has a checkpoint but the
     *                                     file does not begin with the bytes before it (and not {@code republish})
     */
    public FileRun publishFlowsOnce(Path flowFile, List<String> nodeLabels, boolean republish,
                                    Consumer<String> warnings) throws IOException, CheckpointMismatchException {
        FlowFileReader reader = new FlowFileReader(flowFile);
        byte[] firstLine = reader.firstLine();
        if (firstLine == null) {
            LOG.info("{} has no line to publish", flowFile);
            return new FileRun(null, new Counts(0, 0, Long.MAX_VALUE, Long.MIN_VALUE), null, FilePosition.START, null);
        }
        String sourceId = fileSourceId(firstLine);
        String path = flowFile.toAbsolutePath().normalize().toString();
        try (LinePublisher publisher = new LinePublisher(bootstrapServers, "flowpolicy-ingest-" + sourceId,
            nodeLabels)) {
            publisher.bindTo(meters.registry());
            IngestCheckpoint.FileProgress progress = progress(sourceId);
            FilePosition checkpoint = progress == null ? null
                : new FilePosition(progress.offset(), progress.lines(), progress.sha256());
            FilePosition start = republish || checkpoint == null ? FilePosition.START : checkpoint;
            Batch batch = new Batch(publisher, meters, warnings);
            FilePosition[] end = {null};
            long read;
            try {
                read = reader.readEncoded(start, LINES_PER_TRANSACTION, at -> {
                    IngestCheckpoint.FileProgress progressed =
                        new IngestCheckpoint.FileProgress(path, at.offset(), at.lines(), at.sha256());
                    batch.commit(CheckpointStore.record(sourceId, IngestCheckpoint.of(progressed, clock.instant())));
                    end[0] = at;
                }, batch::add);
            } catch (PositionMismatchException e) {
                throw new CheckpointMismatchException(flowFile, sourceId, progress.path(), e);
            }
            LOG.info("published {} lines of {} ({} rejected) as source {}, from byte {} to {}", read, flowFile,
                batch.rejected, sourceId, start.offset(), end[0] == null ? start.offset() : end[0].offset());
            return new FileRun(sourceId, batch.counts(read), checkpoint, start, end[0]);
        }
    }

    /**
     * What {@link #publishFlowsOnce} did.
     *
     * @param sourceId   the file's source id; null when it has no non-blank line (nothing published)
     * @param counts     the lines this run read and published, and how many of them were rejected
     * @param checkpoint the source's checkpoint when the run started; null when there was none
     * @param start      where this run started: {@link FilePosition#START}, or the checkpoint it resumed at
     * @param end        the last checkpoint this run committed; null when it committed none (nothing after start)
     */
    public record FileRun(String sourceId, Counts counts, FilePosition checkpoint, FilePosition start,
                          FilePosition end) {
        /** Whether an earlier run's checkpoint decided the start. */
        public boolean resumed() {
            return start.offset() > 0;
        }

        /** Whether this run started at a checkpoint with nothing after it. */
        public boolean nothingLeft() {
            return resumed() && end == null;
        }
    }

    /** The source id of a flow file: {@code file-<16 hex of sha256(its first non-blank line)>}; empty without one. */
    public static Optional<String> sourceId(Path flowFile) throws IOException {
        return Optional.ofNullable(new FlowFileReader(flowFile).firstLine()).map(FileIngest::fileSourceId);
    }

    private static String fileSourceId(byte[] firstLine) {
        return "file-" + Sha256.hex16(firstLine);
    }

    /** The source's committed progress, or null; read only after the publisher has fenced its predecessor. */
    private IngestCheckpoint.FileProgress progress(String sourceId) {
        IngestCheckpoint checkpoint = CheckpointStore.read(bootstrapServers, sourceId, CHECKPOINT_READ_TIMEOUT)
            .orElse(null);
        if (checkpoint != null && checkpoint.file() == null) {
            throw new IllegalStateException("checkpoint of source " + sourceId + " has no file progress: "
                + checkpoint);
        }
        return checkpoint == null ? null : checkpoint.file();
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
            }, warnings);
            publisher.flush();
            publisher.requireAllWritten();
            LOG.info("published {} inventory intervals of {} ({} rejected)", read - rejected[0], inventoryFile, rejected[0]);
            return new Counts(read, rejected[0], Long.MAX_VALUE, Long.MIN_VALUE);
        }
    }

    /**
     * Sends a file's lines into the open transaction (rejected ones to the rejected topic, and to the warnings),
     * counting them, and tells the meters what each commit published.
     */
    private static final class Batch {
        private final LinePublisher publisher;
        private final IngestMeters meters;
        private final Consumer<String> warnings;
        private long rejected;
        private long minTs = Long.MAX_VALUE;
        private long maxTs = Long.MIN_VALUE;
        private int records;
        private int lines;
        private long newest = Long.MIN_VALUE;

        Batch(LinePublisher publisher, IngestMeters meters, Consumer<String> warnings) {
            this.publisher = publisher;
            this.meters = meters;
            this.warnings = warnings;
        }

        void add(SourceLine<EncodedLine> line) {
            meters.fileLineRead();
            records++;
            if (line instanceof SourceLine.Accepted<EncodedLine> accepted) {
                long ts = accepted.value().tsNanos();
                publisher.send(accepted.value());
                lines++;
                newest = Math.max(newest, ts);
                minTs = Math.min(minTs, ts);
                maxTs = Math.max(maxTs, ts);
            } else if (line instanceof SourceLine.Rejected<?> bad) {
                rejected++;
                meters.lineRejected(bad.rejection().reason());
                publisher.reject(bad.rejection());
                warnings.accept(bad.rejection().detail());
            }
        }

        /** Commits the open transaction, if there is one. */
        void commit() {
            if (records == 0) {
                return; // the publisher had no transaction open
            }
            publisher.commit();
            committed();
        }

        /** Commits the open transaction with {@code checkpoint}, opening one for it alone if needed. */
        void commit(ProducerRecord<byte[], byte[]> checkpoint) {
            publisher.sendInTransaction(checkpoint);
            publisher.commit();
            committed();
        }

        private void committed() {
            meters.committed(lines, newest);
            records = 0;
            lines = 0;
            newest = Long.MIN_VALUE;
        }

        Counts counts(long read) {
            return new Counts(read, rejected, minTs, maxTs);
        }
    }
}
