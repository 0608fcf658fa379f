package io.flowpolicy.ingest.kafka;

import io.flowpolicy.ingest.loki.WindowSink;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes each window's lines and the window end as the source's checkpoint in one Kafka transaction, so
 * lines and cursor commit together: after a crash the next run resumes at the committed cursor and neither
 * repeats nor skips a line. Not thread-safe, like the {@link LinePublisher} it writes through.
 */
public final class KafkaWindowSink implements WindowSink {
    private final LinePublisher publisher;
    private final String sourceId;
    private final String query;
    private final Clock clock;
    private final IngestMeters meters;
    private final AtomicLong published = new AtomicLong();
    private volatile long cursor = -1;

    public KafkaWindowSink(LinePublisher publisher, String sourceId, String query, Clock clock) {
        this(publisher, sourceId, query, clock, IngestMeters.unexported());
    }

    public KafkaWindowSink(LinePublisher publisher, String sourceId, String query, Clock clock, IngestMeters meters) {
        this.publisher = publisher;
        this.meters = meters;
        this.sourceId = sourceId;
        this.query = query;
        this.clock = clock;
    }

    /** Blocks until the broker has committed the transaction. */
    @Override
    public void accept(List<RawLine> lines, long windowEndNanos) {
        long newest = Long.MIN_VALUE;
        for (RawLine line : lines) {
            publisher.send(line);
            newest = Math.max(newest, line.tsNanos());
        }
        publisher.sendInTransaction(
            CheckpointStore.record(sourceId, IngestCheckpoint.of(windowEndNanos, query, clock.instant())));
        publisher.commit();
        meters.committed(lines.size(), newest);
        published.addAndGet(lines.size());
        cursor = windowEndNanos;
    }

    /** Lines committed so far by this sink. */
    public long published() {
        return published.get();
    }

    /** The last committed cursor, or -1 before the first commit. */
    public long cursor() {
        return cursor;
    }
}
