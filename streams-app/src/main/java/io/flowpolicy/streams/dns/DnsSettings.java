package io.flowpolicy.streams.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * DNS naming of external peers (docs/dns.md). Disabled unless a DNS source is configured; then the topology is
 * exactly what it was without DNS.
 *
 * @param enabled     whether the DNS queries topic is read and peers named
 * @param server      the DNS server names are resolved against when a query is seen ({@code --dns-server})
 * @param window      a flow is attributed to names its pod queried at most this long before it (default 5 min)
 * @param identity    {@link PeerIdentity#IP} (default) or {@link PeerIdentity#FQDN}
 * @param ptrHints    look up PTR names of unnamed external peers, as hints (never identities)
 * @param linePattern the CoreDNS log line pattern ({@link CoreDnsLineParser#DEFAULT_PATTERN})
 * @param timeout     per attempt of a DNS query (two attempts)
 */
public record DnsSettings(boolean enabled, InetSocketAddress server, Duration window, PeerIdentity identity,
                          boolean ptrHints, String linePattern, Duration timeout) {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public DnsSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(linePattern, "linePattern");
        Objects.requireNonNull(timeout, "timeout");
        if (enabled && server == null) {
            throw new IllegalArgumentException("DNS naming is enabled but no DNS server is set (--dns-server host:port)");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("DNS attribution window is not positive: " + window);
        }
        new CoreDnsLineParser(linePattern);
    }

    public static DnsSettings disabled() {
        return new DnsSettings(false, null, DEFAULT_WINDOW, PeerIdentity.IP, false, CoreDnsLineParser.DEFAULT_PATTERN,
            DEFAULT_TIMEOUT);
    }

    /** Naming enabled against {@code server}, with the default window, identity, pattern and timeout. */
    public static DnsSettings against(InetSocketAddress server) {
        return new DnsSettings(true, server, DEFAULT_WINDOW, PeerIdentity.IP, false, CoreDnsLineParser.DEFAULT_PATTERN,
            DEFAULT_TIMEOUT);
    }

    public DnsSettings withIdentity(PeerIdentity newIdentity) {
        return new DnsSettings(enabled, server, window, newIdentity, ptrHints, linePattern, timeout);
    }

    public DnsSettings withWindow(Duration newWindow) {
        return new DnsSettings(enabled, server, newWindow, identity, ptrHints, linePattern, timeout);
    }

    public DnsSettings withPtrHints(boolean lookUp) {
        return new DnsSettings(enabled, server, window, identity, lookUp, linePattern, timeout);
    }

    public DnsSettings withLinePattern(String pattern) {
        return new DnsSettings(enabled, server, window, identity, ptrHints, pattern, timeout);
    }
}
