package io.flowpolicy.local.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Hands out the synthetic cluster's addresses and names, all drawn from one seeded random source so a seed
 * always yields the same cluster. Pods get IPs from their node's /24 (as Calico's IPAM blocks do), services from
 * 10.96.0.0/16, external peers from public ranges.
 */
final class AddressBook {
    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final String HEX = "0123456789abcdef";
    // Kubernetes' pod-name suffix alphabet: no vowels, so generated names never spell words.
    private static final String SUFFIX = "bcdfghjklmnpqrstvwxz2456789";
    private static final int[] PUBLIC_FIRST_OCTETS = {5, 31, 34, 35, 46, 52, 78, 91, 104, 140, 151, 185, 188, 213};

    private final SplittableRandom random;
    private final int[] nextHost = new int[NODES.size()];
    private final Set<String> externals = new HashSet<>();
    private int nextService = 10;

    AddressBook(SplittableRandom random) {
        this.random = random;
        java.util.Arrays.fill(nextHost, 20);
    }

    String pickNode() {
        return NODES.get(random.nextInt(NODES.size()));
    }

    static String nodeIp(String node) {
        return "10.0.0." + (11 + NODES.indexOf(node));
    }

    String podIp(String node) {
        int index = NODES.indexOf(node);
        if (nextHost[index] > 250) {
            throw new IllegalStateException("node " + node + " has no pod IPs left");
        }
        return "10.244." + index + "." + nextHost[index]++;
    }

    /** The pod's IPv6 address in the kernel's printed form, from the same host number as its IPv4 address. */
    static String podIp6Full(String ipv4) {
        String[] octets = ipv4.split("\\.");
        return String.format("fd00:0010:0244:%04x:0000:0000:0000:%04x",
            Integer.parseInt(octets[2]), Integer.parseInt(octets[3]));
    }

    String serviceIp() {
        int n = nextService++;
        return "10.96." + (n / 250) + "." + (n % 250 + 1);
    }

    String externalIpv4() {
        while (true) {
            String ip = PUBLIC_FIRST_OCTETS[random.nextInt(PUBLIC_FIRST_OCTETS.length)] + "." + random.nextInt(256)
                + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            if (externals.add(ip)) {
                return ip;
            }
        }
    }

    /** A public IPv6 address in the kernel's printed form. */
    String externalIpv6Full() {
        while (true) {
            String ip = String.format("2606:4700:%04x:0000:0000:0000:0000:%04x", random.nextInt(0x10000),
                1 + random.nextInt(0xfffe));
            if (externals.add(ip)) {
                return ip;
            }
        }
    }

    /** Six random bytes, locally administered unicast, as the veth's pod side gets them. */
    String mac() {
        StringBuilder mac = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            int b = random.nextInt(256);
            if (i == 0) {
                b = (b & 0xfc) | 0x02;
            }
            if (i > 0) {
                mac.append(':');
            }
            mac.append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 15));
        }
        return mac.toString();
    }

    /** A ReplicaSet pod's name: deployment, pod-template hash, random suffix. */
    String deploymentPodName(String deployment, String templateHash) {
        return deployment + "-" + templateHash + "-" + suffix(5);
    }

    String templateHash() {
        return suffix(10);
    }

    private String suffix(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(SUFFIX.charAt(random.nextInt(SUFFIX.length())));
        }
        return s.toString();
    }

    /** Felix's host-side interface name: {@code cali} + the first 11 hex digits of sha1("namespace.pod"). */
    static String caliInterface(String namespace, String pod) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            StringBuilder name = new StringBuilder("cali");
            for (int i = 0; name.length() < 15; i++) {
                name.append(HEX.charAt((digest[i] >> 4) & 15));
                if (name.length() < 15) {
                    name.append(HEX.charAt(digest[i] & 15));
                }
            }
            return name.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
