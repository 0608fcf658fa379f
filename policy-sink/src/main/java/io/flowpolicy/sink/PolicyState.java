package io.flowpolicy.sink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.JsonSerde;
import io.flowpolicy.model.Peer;
import io.flowpolicy.sink.render.NameAddresses;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the repository last recorded of each namespace's candidate, and the addresses the policies gave each DNS name
 * they allow, kept in {@value #PATH} so the next commit can say what changed (new peers, state changes, a name's new
 * addresses) without parsing YAML. Deterministic JSON, keys sorted.
 *
 * @param names the current addresses of every DNS name ({@code fqdn:} peer) a candidate allows, sorted; not written
 *              when there is none, so a repository without DNS naming keeps the state it had
 */
record PolicyState(SortedMap<String, Namespace> namespaces,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, List<String>> names) {
    static final String PATH = ".flowpolicy/state.json";

    /** @param rules rule descriptions such as {@code external:1.1.1.1 TCP/443}, sorted */
    record Namespace(String tier, String state, List<String> rules) {
        Namespace {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    PolicyState {
        namespaces = namespaces == null ? new TreeMap<>() : new TreeMap<>(namespaces);
        names = names == null ? new TreeMap<>() : new TreeMap<>(names);
    }

    static PolicyState of(Collection<CandidatePolicy> policies) {
        return of(policies, NameAddresses.none());
    }

    /** With the current {@code addresses} of the DNS names the policies allow. */
    static PolicyState of(Collection<CandidatePolicy> policies, NameAddresses addresses) {
        SortedMap<String, Namespace> namespaces = new TreeMap<>();
        SortedMap<String, List<String>> names = new TreeMap<>();
        for (CandidatePolicy p : policies) {
            namespaces.put(p.namespace(), new Namespace(p.tier(), p.state(),
                p.rules().stream().map(PolicyState::describe).distinct().sorted().toList()));
            p.rules().stream().map(CandidateRule::peer).filter(peer -> Peer.FQDN.equals(peer.kind()))
                .forEach(peer -> names.put(peer.name(), List.copyOf(addresses.of(peer.name()))));
        }
        return new PolicyState(namespaces, names);
    }

    /** {@code <peer id> <protocol>[/<port>]}. */
    static String describe(CandidateRule rule) {
        return rule.peer().id() + " " + rule.protocol() + (rule.port() >= 0 ? "/" + rule.port() : "");
    }

    /** The recorded state; empty for a repository without one, or one this version cannot read (then every
     * namespace is described as new, which is harmless). */
    static PolicyState parse(Optional<String> json) {
        if (json.isEmpty()) {
            return new PolicyState(null, null);
        }
        try {
            return JsonSerde.MAPPER.readValue(json.get(), PolicyState.class);
        } catch (JsonProcessingException e) {
            return new PolicyState(null, null);
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
