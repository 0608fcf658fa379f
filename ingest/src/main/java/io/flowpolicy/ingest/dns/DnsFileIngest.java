package io.flowpolicy.ingest.dns;

import io.flowpolicy.ingest.FileIngest;
import io.flowpolicy.ingest.file.FlowFileReader;
import io.flowpolicy.ingest.file.SourceLine;
import io.flowpolicy.model.RawLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a file of CoreDNS query log lines, in the same forms as a flow file (flowpolicy JSON Lines,
 * {@code logcli --output=jsonl}, or journal text), to the DNS queries topic. Bad lines are rejected, never fatal.
 */
public final class DnsFileIngest {
    private static final Logger LOG = LoggerFactory.getLogger(DnsFileIngest.class);
    private static final int LINES_PER_TRANSACTION = 10_000;

    private final String bootstrapServers;

    public DnsFileIngest(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @param warnings receives one message per rejected line, naming the file and line number */
    public FileIngest.Counts publish(Path dnsFile, List<String> nodeLabels, Consumer<String> warnings)
        throws IOException {
        long[] rejected = {0};
        long[] pending = {0};
        long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
        try (DnsQueryPublisher publisher = new DnsQueryPublisher(bootstrapServers,
            "flowpolicy-dns-file-" + dnsFile.toAbsolutePath(), nodeLabels)) {
            long read = new FlowFileReader(dnsFile).read(line -> {
                if (line instanceof SourceLine.Accepted<RawLine> accepted) {
                    publisher.send(accepted.value());
                    window[0] = Math.min(window[0], accepted.value().tsNanos());
                    window[1] = Math.max(window[1], accepted.value().tsNanos());
                } else if (line instanceof SourceLine.Rejected<?> bad) {
                    rejected[0]++;
                    publisher.reject(bad.rejection());
                    warnings.accept(bad.rejection().detail());
                }
                if (++pending[0] % LINES_PER_TRANSACTION == 0) {
                    publisher.commit();
                }
            });
            publisher.commit();
            LOG.info("published {} DNS query lines of {} ({} rejected)", read, dnsFile, rejected[0]);
            return new FileIngest.Counts(read, rejected[0], window[0], window[1]);
        }
    }
}
