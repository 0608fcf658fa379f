package io.flowpolicy.local;

import io.flowpolicy.ingest.dns.DnsQueryPublisher;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where {@code analyze} takes CoreDNS query lines from (docs/dns.md): a file, or the same Loki range as the flows.
 * Without {@code --dns-server} (see {@link DnsNamingOptions}) nothing changes.
 */
final class DnsOptions {
    @Option(names = "--dns-file", paramLabel = "FILE",
        description = "CoreDNS query log lines (log plugin), in the same forms as --flows. Needs --dns-server.")
    Path dnsFile;

    @Option(names = "--dns-query", defaultValue = DnsQueryPublisher.DEFAULT_QUERY, paramLabel = "LOGQL",
        description = "LogQL query selecting CoreDNS query lines in Loki, read over the --from/--to range when "
            + "--loki-url and --dns-server are set. Default: ${DEFAULT-VALUE}.")
    String dnsQuery;

    /**
     * The DNS source for {@code naming}, or null when naming is off.
     *
     * @param loki the flows' Loki range, or null when the flows come from a file
     * @throws IllegalArgumentException when only one of a source and {@code --dns-server} is given
     */
    DnsSource source(DnsNamingOptions naming, LokiOptions.Source loki) {
        if (dnsFile != null && !naming.enabled()) {
            throw new IllegalArgumentException("--dns-file needs --dns-server HOST:PORT to resolve the queried names");
        }
        if (!naming.enabled()) {
            return null;
        }
        if (dnsFile != null) {
            return DnsSource.file(dnsFile);
        }
        if (loki == null) {
            throw new IllegalArgumentException("--dns-server needs DNS query lines: --dns-file FILE, or --loki-url "
                + "(lines selected by --dns-query)");
        }
        return DnsSource.loki(loki, dnsQuery);
    }
}
