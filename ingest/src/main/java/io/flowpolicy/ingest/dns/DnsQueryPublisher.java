package io.flowpolicy.ingest.dns;

import io.flowpolicy.ingest.kafka.LinePublisher;
import io.flowpolicy.model.NodeLabels;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.model.RejectedLine;
import io.flowpolicy.model.Timestamps;
import io.flowpolicy.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes CoreDNS query log lines to {@code flowpolicy.dns.queries} in Kafka transactions, keyed by the node that
 * logged them, exactly as flow lines go to the raw topic. Not thread-safe; one publisher per source.
 */
public final class DnsQueryPublisher implements AutoCloseable {
    /** The Loki stream selector of CoreDNS's query log in a kubeadm-style cluster. */
    public static final String DEFAULT_QUERY = "{namespace=\"kube-system\", app=\"kube-dns\"}";

    private final LinePublisher lines;
    private final NodeLabels nodeLabels;

    /**
     * @param transactionalId stable per source, so a restarted publisher fences its crashed predecessor
     * @param nodeLabels      label names tried, in order, for the record key
     */
    public DnsQueryPublisher(String bootstrapServers, String transactionalId, List<String> nodeLabels) {
        this.lines = new LinePublisher(bootstrapServers, transactionalId, nodeLabels);
        this.nodeLabels = new NodeLabels(nodeLabels);
    }

    /** Adds a query line to the open transaction. */
    public void send(RawLine line) {
        lines.sendInTransaction(new ProducerRecord<>(Topics.DNS_QUERIES.name(), null,
            Timestamps.toMillis(line.tsNanos()), nodeLabels.nodeOf(line.labels()).getBytes(StandardCharsets.UTF_8),
            Topics.DNS_QUERIES.valueSerde().serializer().serialize(Topics.DNS_QUERIES.name(), line)));
    }

    /** Adds a line that could not be read to the rejected-lines topic, in the open transaction. */
    public void reject(RejectedLine rejected) {
        lines.reject(rejected);
    }

    /** Sends any record inside the open transaction, e.g. a reader's cursor that must commit with the lines. */
    public void sendInTransaction(ProducerRecord<byte[], byte[]> record) {
        lines.sendInTransaction(record);
    }

    /** Commits the open transaction; blocks until the broker confirms. */
    public void commit() {
        lines.commit();
    }

    @Override
    public void close() {
        lines.close();
    }
}
