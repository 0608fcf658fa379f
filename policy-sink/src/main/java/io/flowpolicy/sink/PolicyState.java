package io.flowpolicy.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.JsonSerde;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the repository last recorded of each namespace's candidate, kept in {@value #PATH} so the next commit can
 * say what changed (new peers, state changes) without parsing YAML. Deterministic JSON, keys sorted.
 */
record PolicyState(SortedMap<String, Namespace> namespaces) {
    static final String PATH = ".flowpolicy/state.json";

    /** @param rules rule descriptions such as {@code external:1.1.1.1 TCP/443}, sorted */
    record Namespace(String tier, String state, List<String> rules) {
        Namespace {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    PolicyState {
        namespaces = namespaces == null ? new TreeMap<>() : new TreeMap<>(namespaces);
    }

    static PolicyState of(Collection<CandidatePolicy> policies) {
        SortedMap<String, Namespace> namespaces = new TreeMap<>();
        for (CandidatePolicy p : policies) {
            namespaces.put(p.namespace(), new Namespace(p.tier(), p.state(),
                p.rules().stream().map(PolicyState::describe).distinct().sorted().toList()));
        }
        return new PolicyState(namespaces);
    }

    /** {@code <peer id> <protocol>[/<port>]}. */
    static String describe(CandidateRule rule) {
        return rule.peer().id() + " " + rule.protocol() + (rule.port() >= 0 ? "/" + rule.port() : "");
    }

    /** The recorded state; empty for a repository without one, or one this version cannot read (then every
     * namespace is described as new, which is harmless). */
    static PolicyState parse(Optional<String> json) {
        if (json.isEmpty()) {
            return new PolicyState(null);
        }
        try {
            return JsonSerde.MAPPER.readValue(json.get(), PolicyState.class);
        } catch (JsonProcessingException e) {
            return new PolicyState(null);
        }
    }

    String toJson() {
        try {
            return JsonSerde.MAPPER.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the policy state", e);
        }
    }
}
