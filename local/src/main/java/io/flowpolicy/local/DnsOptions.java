package io.flowpolicy.local;

import io.flowpolicy.streams.dns.CoreDnsLineParser;
import io.flowpolicy.streams.dns.DnsClient;
import io.flowpolicy.streams.dns.DnsSettings;
import io.flowpolicy.streams.dns.PeerIdentity;
import io.flowpolicy.sink.render.CalicoEdition;
import io.flowpolicy.sink.render.RenderOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * DNS naming of external peers (docs/dns.md): where the CoreDNS query lines come from, the server names are resolved
 * against, and what identifies a named peer. Without {@code --dns-file} nothing changes.
 */
final class DnsOptions {
    @Option(names = "--dns-file", paramLabel = "FILE",
        description = "CoreDNS query log lines (log plugin), in the same forms as --flows. Needs --dns-server.")
    Path dnsFile;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
        description = "DNS server that queried names are resolved against when the query is seen (port 53 if absent).")
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

    @Option(names = "--calico-edition", defaultValue = "oss", paramLabel = "oss|enterprise",
        description = "Calico edition: enterprise renders DNS-named peers as domains. Default: ${DEFAULT-VALUE}.")
    String edition;

    /** @throws IllegalArgumentException naming the option when a value is invalid or --dns-server is missing */
    DnsSettings settings() {
        if (dnsFile == null) {
            return DnsSettings.disabled();
        }
        if (dnsServer == null) {
            throw new IllegalArgumentException("--dns-file needs --dns-server HOST:PORT to resolve the queried names");
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

    RenderOptions render(RenderOptions options) {
        return switch (edition.toLowerCase(Locale.ROOT)) {
            case "oss" -> options.withEdition(CalicoEdition.OSS);
            case "enterprise" -> options.withEdition(CalicoEdition.ENTERPRISE);
            default -> throw new IllegalArgumentException("--calico-edition is not oss or enterprise: " + edition);
        };
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
