package io.flowpolicy.streams.parse;

/**
 * Parsed fields of one Calico LOG line.
 *
 * <p>{@code prefix} is the log prefix exactly as printed, from the configured prefix up to {@code IN=}
 * (e.g. {@code "calico-packet: "}, or {@code "calico-packet"} for the bare nftables form of Calico 3.29–3.31).
 * {@code policy} is the text the prefix carries beyond the configured prefix's text before its first placeholder
 * (the expansion of Calico 3.32 placeholders such as {@code "np payments/egress-logger"} for {@code %k %p}, all of
 * the printed prefix for {@code %t-%n}), separators at either end left out, or null. {@code syslogHost} is the
 * host of a {@code <host> kernel:} syslog header or the {@code _HOSTNAME} of a journal entry shipped as JSON, or
 * null. Interfaces are empty strings when the kernel printed no device. IPs are in canonical RFC 5952 text
 * (IPv4-mapped IPv6 as {@code ::ffff:a.b.c.d}). {@code protocol} is spelt as in Calico policies ({@code TCP},
 * {@code UDP}, {@code UDPLite}, {@code SCTP}, {@code ICMP}, {@code ICMPv6}) or is the protocol number
 * ({@code "2"}; AH and ESP become {@code "51"} and {@code "50"}).
 * {@code port} is the destination port, or the ICMP/ICMPv6 type, or -1 when the protocol has none (or SCTP
 * without printed ports). {@code icmpCode} is -1 when not ICMP. {@code mark} is the skb mark, 0 when absent.
 */
public record ParsedFlow(String prefix, String policy, String syslogHost, String inInterface, String outInterface,
                         String srcIp, String dstIp, int ipVersion, String protocol, int port, int icmpCode, long mark) {
}
