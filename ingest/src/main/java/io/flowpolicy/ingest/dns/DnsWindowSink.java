package io.flowpolicy.ingest.dns;

import io.flowpolicy.ingest.loki.WindowSink;
import io.flowpolicy.model.RawLine;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Delivers the windows a {@code LokiRangeReader} or {@code LokiFollower} reads with a DNS query (by default
 * {@value DnsQueryPublisher#DEFAULT_QUERY}) to the DNS queries topic: one transaction per window, with the reader's
 * cursor record in it when a checkpoint is given, so lines and cursor commit together.
 */
public final class DnsWindowSink implements WindowSink {
    private final DnsQueryPublisher publisher;
    private final LongFunction<ProducerRecord<byte[], byte[]>> checkpoint;

    /** @param checkpoint the cursor record for a window end, or null when the caller keeps no cursor in Kafka */
    public DnsWindowSink(DnsQueryPublisher publisher, LongFunction<ProducerRecord<byte[], byte[]>> checkpoint) {
        this.publisher = publisher;
        this.checkpoint = checkpoint;
    }

    @Override
    public void accept(List<RawLine> lines, long windowEndNanos) {
        lines.forEach(publisher::send);
        if (checkpoint != null) {
            publisher.sendInTransaction(checkpoint.apply(windowEndNanos));
        }
        publisher.commit();
    }
}
