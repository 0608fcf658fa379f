package io.flowpolicy.sink.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parsers for the network-set file formats. Cloud provider files are grouped into one set per service and
 * region (AWS) or service and scope (Google Cloud), named {@code aws-<service>-<region>} and
 * {@code gcp-<service>-<scope>} after lower-casing and replacing other characters by '-'.
 */
final class NetworkSetFiles {
    // YAML is a superset of JSON, so one reader serves all three formats
    private static final ObjectMapper READER = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private NetworkSetFiles() {
    }

    static List<NetworkSet> read(Path path) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = READER.readTree(in);
        }
        if (root != null && root.isArray()) {
            return READER.convertValue(root, new TypeReference<List<NetworkSet>>() { });
        }
        JsonNode prefixes = root == null ? null : root.get("prefixes");
        if (prefixes != null && prefixes.isArray()) {
            if (root.has("ipv6_prefixes") || (prefixes.size() > 0 && prefixes.get(0).has("ip_prefix"))) {
                return aws(root);
            }
            return gcp(root);
        }
        throw new IllegalArgumentException("not a network-set list, AWS ip-ranges.json or Google cloud.json: " + path);
    }

    static List<NetworkSet> readOwnFormat(InputStream in) throws IOException {
        return READER.readValue(in, new TypeReference<List<NetworkSet>>() { });
    }

    private static List<NetworkSet> aws(JsonNode root) {
        Groups groups = new Groups("aws", "AWS ip-ranges.json syncToken " + root.path("syncToken").asText()
            + " createDate " + root.path("createDate").asText());
        root.path("prefixes").forEach(p -> groups.add(p.path("service").asText(), "region",
            p.path("region").asText(), p.path("ip_prefix").asText()));
        root.path("ipv6_prefixes").forEach(p -> groups.add(p.path("service").asText(), "region",
            p.path("region").asText(), p.path("ipv6_prefix").asText()));
        return groups.sets();
    }

    private static List<NetworkSet> gcp(JsonNode root) {
        Groups groups = new Groups("gcp", "Google Cloud cloud.json syncToken " + root.path("syncToken").asText()
            + " creationTime " + root.path("creationTime").asText());
        for (JsonNode p : root.path("prefixes")) {
            String cidr = p.has("ipv4Prefix") ? p.path("ipv4Prefix").asText() : p.path("ipv6Prefix").asText();
            groups.add(p.path("service").asText(), "scope", p.path("scope").asText(), cidr);
        }
        return groups.sets();
    }

    /** Accumulates CIDRs per sanitised set name. */
    private static final class Groups {
        private final String provider;
        private final String source;
        private final Map<String, Map<String, String>> labels = new TreeMap<>();
        private final Map<String, List<String>> cidrs = new TreeMap<>();

        Groups(String provider, String source) {
            this.provider = provider;
            this.source = source;
        }

        void add(String service, String placeKind, String place, String cidr) {
            if (cidr.isEmpty()) {
                throw new IllegalArgumentException(provider + " entry without a prefix, service " + service);
            }
            String name = sanitize(provider + "-" + service + "-" + place);
            labels.computeIfAbsent(name, n -> Map.of("flowpolicy.io/provider", provider,
                "flowpolicy.io/service", sanitize(service), "flowpolicy.io/" + placeKind, sanitize(place)));
            cidrs.computeIfAbsent(name, n -> new ArrayList<>()).add(cidr);
        }

        List<NetworkSet> sets() {
            List<NetworkSet> out = new ArrayList<>();
            cidrs.forEach((name, list) -> out.add(new NetworkSet(name, labels.get(name), list, source)));
            return out;
        }
    }

    /** A DNS-1123 label from free text, e.g. {@code AMAZON_APPFLOW} → {@code amazon-appflow}. */
    static String sanitize(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        s = s.replaceAll("-+$", "");
        return s.isEmpty() ? "unnamed" : s;
    }
}
