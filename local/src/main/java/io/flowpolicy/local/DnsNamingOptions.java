package io.flowpolicy.local;

import io.flowpolicy.streams.dns.CoreDnsLineParser;
import io.flowpolicy.streams.dns.DnsClient;
import io.flowpolicy.streams.dns.DnsSettings;
import io.flowpolicy.streams.dns.PeerIdentity;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How the naming step of the Streams topology names external peers (docs/dns.md), shared by {@code analyze} and
 * {@code streams}: the server queried names are resolved against, the attribution window and the peer identity.
 * Without {@code --dns-server} the step is not in the topology.
 */
final class DnsNamingOptions {
    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
        description = "DNS server that queried names are resolved against when the query is seen (port 53 if absent). "
            + "Turns DNS naming on.")
    String dnsServer;

    @Option(names = "--dns-window", defaultValue = "5m", paramLabel = "DURATION",
        description = "A flow is named by queries of its pod at most this long before it: 300s, 5m, PT5M. "
            + "Default: ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--peer-identity", defaultValue = "ip", paramLabel = "ip|fqdn",
        description = "Identity of named external peers: ip (external:<ip>, names carried along) or fqdn "
            + "(fqdn:<name>: the addresses of a name are one peer). Default: ${DEFAULT-VALUE}.")
    String identity;

    @Option(names = "--dns-ptr-hints",
        description = "Look up PTR names of unnamed external peers, shown as hints (never identities).")
    boolean ptrHints;

    @Option(names = "--dns-line-pattern", paramLabel = "REGEX",
        description = "Pattern of a query line, with named groups client, type, name (and optionally rcode).")
    String linePattern;

    boolean enabled() {
        return dnsServer != null;
    }

    /**
     * The naming settings; {@link DnsSettings#disabled()} without {@code --dns-server}.
     *
     * @throws IllegalArgumentException naming the option when a value is invalid
     */
    DnsSettings settings() {
        if (dnsServer == null) {
            return DnsSettings.disabled();
        }
        PeerIdentity peerIdentity = switch (identity.toLowerCase(Locale.ROOT)) {
            case "ip" -> PeerIdentity.IP;
            case "fqdn" -> PeerIdentity.FQDN;
            default -> throw new IllegalArgumentException("--peer-identity is not ip or fqdn: " + identity);
        };
        return DnsSettings.against(DnsClient.parseServer(dnsServer)).withIdentity(peerIdentity)
            .withWindow(duration(window)).withPtrHints(ptrHints)
            .withLinePattern(linePattern == null ? CoreDnsLineParser.DEFAULT_PATTERN : linePattern);
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("--dns-window unit is not s, m or h: " + text);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--dns-window is not a duration like 300s, 5m or PT5M: " + text, e);
        }
    }
}
