package io.flowpolicy.ingest;

import io.flowpolicy.ingest.dns.DnsQueryPublisher;
import io.flowpolicy.ingest.dns.DnsWindowSink;
import io.flowpolicy.ingest.kafka.CheckpointStore;
import io.flowpolicy.ingest.kafka.KafkaWindowSink;
import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.ingest.loki.WindowSink;
import io.flowpolicy.ingest.metrics.IngestMeters;
import io.flowpolicy.model.IngestCheckpoint;
import io.flowpolicy.model.RawLine;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka side of one Loki source: a transactional publisher for the topic of its {@link LokiIngest.Target} and a
 * sink committing each window with the source's checkpoint, counting what it committed. Not thread-safe.
 */
final class SourcePublishing implements WindowSink, AutoCloseable {
    private final AutoCloseable publisher;
    private final WindowSink sink;
    private final AtomicLong published = new AtomicLong();
    private volatile long cursor = -1;

    private SourcePublishing(AutoCloseable publisher, WindowSink sink) {
        this.publisher = publisher;
        this.sink = sink;
    }

    static SourcePublishing open(LokiIngest.Settings settings, String sourceId, Clock clock, IngestMeters meters) {
        String transactionalId = "flowpolicy-ingest-" + sourceId;
        String query = settings.reader().query();
        if (settings.target() == LokiIngest.Target.DNS_QUERIES) {
            DnsQueryPublisher dns = new DnsQueryPublisher(settings.bootstrapServers(), transactionalId,
                settings.nodeLabels());
            return new SourcePublishing(dns, new DnsWindowSink(dns,
                end -> CheckpointStore.record(sourceId, IngestCheckpoint.of(end, query, clock.instant()))));
        }
        LinePublisher flows = new LinePublisher(settings.bootstrapServers(), transactionalId, settings.nodeLabels());
        flows.bindTo(meters.registry());
        return new SourcePublishing(flows, new KafkaWindowSink(flows, sourceId, query, clock, meters));
    }

    /** Blocks until the broker has committed the window's transaction. */
    @Override
    public void accept(List<RawLine> lines, long windowEndNanos) throws Exception {
        sink.accept(lines, windowEndNanos);
        published.addAndGet(lines.size());
        cursor = windowEndNanos;
    }

    long published() {
        return published.get();
    }

    /** The last committed cursor, or -1 before the first commit. */
    long cursor() {
        return cursor;
    }

    @Override
    public void close() throws Exception {
        publisher.close();
    }
}
