package io.flowpolicy.sink.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The subset of Calico v3 the renderer may write; an unknown field fails the parse. */
final class CalicoModel {
    static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CalicoModel() {
    }

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record Policy(String apiVersion, String kind, Metadata metadata, Spec spec) {
    }

    record Spec(String stagedAction, String tier, String selector, List<String> types, List<Rule> egress) {
    }

    record Rule(String action, Object protocol, Icmp icmp, Entity destination) {
    }

    record Icmp(Integer type, Integer code) {
    }

    record Entity(List<String> nets, String selector, String namespaceSelector, List<Integer> ports,
                  Services services) {
    }

    record Services(String name, String namespace) {
    }

    record NetworkSet(String apiVersion, String kind, Metadata metadata, NetsSpec spec) {
    }

    record NetsSpec(List<String> nets) {
    }

    static Policy policy(String yaml) {
        try {
            return STRICT.readValue(yaml, Policy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<NetworkSet> networkSets(String yaml) {
        try {
            return STRICT.readerFor(NetworkSet.class).<NetworkSet>readValues(yaml).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
