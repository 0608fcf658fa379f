package io.flowpolicy.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Canonical IP text, so that the kernel's zero-padded IPv6 form compares equal to the compressed form
 * Kubernetes reports. Never does a DNS lookup.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The canonical text of a literal IPv4 or IPv6 address, or empty when the text is not an IP literal. */
    public static Optional<String> canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !looksLikeLiteral(text)) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            String host = address.getHostAddress();
            int zone = host.indexOf('%');
            return Optional.of(compress(zone < 0 ? host : host.substring(0, zone)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikeLiteral(String text) {
        boolean colon = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        if (!colon) {
            int dots = 0;
            for (int i = 0; i < text.length(); i++) {
                dots += text.charAt(i) == '.' ? 1 : 0;
            }
            return dots == 3;
        }
        return true;
    }

    /** Java prints IPv6 as 8 unpadded groups; RFC 5952 compresses the longest run of zero groups. */
    private static String compress(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        String[] groups = host.split(":", -1);
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            return String.join(":", groups).toLowerCase(java.util.Locale.ROOT);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return (head + "::" + tail).toLowerCase(java.util.Locale.ROOT);
    }
}
