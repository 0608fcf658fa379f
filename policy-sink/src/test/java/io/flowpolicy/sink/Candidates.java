package io.flowpolicy.sink;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.util.List;

/** Small candidate policies for sink tests. */
final class Candidates {
    static final Instant T0 = Instant.parse("2026-05-18T08:00:00Z");

    private Candidates() {
    }

    static CandidatePolicy policy(String ns, String tier, String state, int days, CandidateRule... rules) {
        return new CandidatePolicy(ns, tier, state, days, List.of(rules));
    }

    static CandidateRule external(String ip, String proto, int port) {
        return new CandidateRule(Peer.external(ip), proto, port, T0, T0.plusSeconds(3600), 3);
    }

    static CandidateRule fqdn(String name, String ip, String proto, int port) {
        return new CandidateRule(Peer.fqdn(name, ip, List.of(name)), proto, port, T0, T0.plusSeconds(3600), 3);
    }

    static CandidateRule service(String ns, String name, String proto, int port) {
        return new CandidateRule(Peer.service(ns, name), proto, port, T0, T0.plusSeconds(3600), 3);
    }
}
