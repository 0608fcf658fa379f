package io.flowpolicy.streams.dns;

import io.flowpolicy.model.IpAddresses;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CoreDNS {@code log} plugin line (its default format) into the query it records. Pure and thread-safe.
 * Only answered address queries matter for naming, so everything else (other types, NXDOMAIN, SERVFAIL, plugin
 * chatter) is empty, not an error.
 *
 * <p>A custom pattern must have the named groups {@code client}, {@code type} and {@code name}; {@code rcode} is
 * optional (absent: every query counts).
 */
public final class CoreDnsLineParser {
    /**
     * {@code [INFO] 10.244.1.5:45678 - 1234 "A IN api.example.com. udp 45 false 512" NOERROR qr,rd,ra 80 0.00123s};
     * an IPv6 client is written {@code [fd00::5]:45678}.
     */
    public static final String DEFAULT_PATTERN =
        "\\[\\w+\\] \\[?(?<client>[0-9A-Fa-f.:]+?)\\]?:\\d+ - \\d+ \"(?<type>\\S+) \\S+ (?<name>\\S+) [^\"]*\""
            + " (?<rcode>\\S+)";

    /** A query a pod made. @param name lower case, no trailing dot */
    public record Query(String clientIp, String type, String name) {
        public boolean isAddressQuery() {
            return "A".equals(type) || "AAAA".equals(type);
        }
    }

    private final Pattern pattern;
    private final boolean hasRcode;

    public CoreDnsLineParser(String pattern) {
        this.pattern = Pattern.compile(pattern);
        for (String group : new String[] {"client", "type", "name"}) {
            if (!pattern.contains("(?<" + group + ">")) {
                throw new IllegalArgumentException("DNS line pattern lacks the named group '" + group + "': " + pattern);
            }
        }
        this.hasRcode = pattern.contains("(?<rcode>");
    }

    public static CoreDnsLineParser defaults() {
        return new CoreDnsLineParser(DEFAULT_PATTERN);
    }

    /** The answered A or AAAA query of a line, or empty for any other line. */
    public Optional<Query> addressQuery(String line) {
        if (line == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(line);
        if (!m.find() || (hasRcode && !"NOERROR".equals(m.group("rcode")))) {
            return Optional.empty();
        }
        Optional<String> client = IpAddresses.canonical(m.group("client"));
        String name = m.group("name").toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        Query query = new Query(client.orElse(null), m.group("type").toUpperCase(Locale.ROOT), name);
        return client.isPresent() && !name.isEmpty() && query.isAddressQuery() ? Optional.of(query) : Optional.empty();
    }
}
