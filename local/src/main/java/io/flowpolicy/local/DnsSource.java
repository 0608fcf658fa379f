package io.flowpolicy.local;

import io.flowpolicy.ingest.LokiIngest;
import io.flowpolicy.ingest.dns.DnsFileIngest;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Where {@code analyze} takes CoreDNS query lines from: a file or a Loki range (docs/dns.md). */
interface DnsSource {

    /**
     * Publishes every query line to the DNS queries topic; blocks until committed.
     *
     * @return the lines read, rejected ones included
     */
    long publish(String bootstrapServers, List<String> nodeLabels, Consumer<String> warnings) throws Exception;

    static DnsSource file(Path file) {
        return (bootstrap, labels, warnings) -> new DnsFileIngest(bootstrap).publish(file, labels, warnings).read();
    }

    /** The flows' Loki range [from, to), read with {@code query}. */
    static DnsSource loki(LokiOptions.Source source, String query) {
        return (bootstrap, labels, warnings) ->
            new LokiIngest(source.oneOff(bootstrap, labels).dnsQueries(query)).run(null).published();
    }
}
