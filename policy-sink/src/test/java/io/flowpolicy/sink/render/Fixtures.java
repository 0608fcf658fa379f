package io.flowpolicy.sink.render;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small candidate policies for the renderer tests, one peer kind at a time. */
final class Fixtures {
    static final Instant FIRST = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant LAST = Instant.parse("2026-01-19T16:30:00Z");

    static final Peer KUBE_DNS = Peer.service("kube-system", "kube-dns");
    static final Peer POSTGRES = Peer.pod("billing", "postgres", Map.of("app", "postgres", "tier", "db"));
    static final Peer UNLABELLED_POD = Peer.pod("legacy", "batch-runner", Map.of());
    // Raw pod labels as the inventory records them, controller-added ones included
    static final Peer DEPLOYMENT_POD = Peer.pod("orders", "api", Map.of("app", "api", "pod-template-hash", "7d9f8c6b5"));
    static final Peer STATEFUL_SET_POD = Peer.pod("billing", "db", Map.of("app", "db",
        "controller-revision-hash", "db-6c8f9d7b4", "statefulset.kubernetes.io/pod-name", "db-0",
        "apps.kubernetes.io/pod-index", "0"));
    static final Peer CRON_JOB_POD = Peer.pod("reports", "nightly", Map.of(
        "batch.kubernetes.io/controller-uid", "5e1c3a2b-8f0d-4c6e-9a7b-2d4f6e8a0c1e",
        "batch.kubernetes.io/job-name", "nightly-29461320", "controller-uid", "5e1c3a2b-8f0d-4c6e-9a7b-2d4f6e8a0c1e",
        "job-name", "nightly-29461320"));
    static final Peer LEDGER_SERVICE = Peer.service("ledger", "ledger-api");
    static final Peer SAME_NAMESPACE_POD = Peer.pod("payments", "payments-worker", Map.of("app", "worker"));
    static final Peer NODE_V4 = Peer.node("worker-1", "10.0.0.11");
    static final Peer NODE_V6 = Peer.node("worker-2", "fd00:10::12");
    /** A dual-stack node whose flows went to both of its addresses. */
    static final Peer NODE_DUAL_STACK = Peer.node("worker-3", "10.0.0.13").withAddressesOf(
        Peer.node("worker-3", "fd00:10::13"));
    static final Peer STRIPE = Peer.external("54.187.174.169");
    static final Peer EXTERNAL_V6 = Peer.external("2001:db8:0:0::7");
    static final Peer CLOUDFLARE = Peer.external("104.16.132.229");
    static final Peer CLOUDFLARE_V6 = Peer.external("2606:4700::6810:84e5");

    private Fixtures() {
    }

    static CandidateRule rule(Peer peer, String protocol, int port) {
        return new CandidateRule(peer, protocol, port, FIRST, LAST, 42);
    }

    static CandidatePolicy policy(String tier, String state, CandidateRule... rules) {
        return new CandidatePolicy("payments", tier, state, 14, List.of(rules));
    }

    static CandidatePolicy stable(CandidateRule... rules) {
        return policy("B", "stable", rules);
    }

    /** One policy per kind of peer, each with DNS as a real namespace would have. */
    static Map<String, CandidatePolicy> perPeerKind() {
        CandidateRule dns = rule(KUBE_DNS, "UDP", 53);
        return Map.of(
            "pod", stable(dns, rule(POSTGRES, "TCP", 5432)),
            "pod-without-labels", stable(dns, rule(UNLABELLED_POD, "TCP", 8080)),
            "pod-controller-labels", stable(dns, rule(DEPLOYMENT_POD, "TCP", 8080),
                rule(STATEFUL_SET_POD, "TCP", 5432), rule(CRON_JOB_POD, "TCP", 9000)),
            "service", stable(dns, rule(LEDGER_SERVICE, "TCP", 8443), rule(LEDGER_SERVICE, "TCP", 8080)),
            "same-namespace", stable(dns, rule(SAME_NAMESPACE_POD, "TCP", 9000)),
            "node", stable(dns, rule(NODE_V4, "TCP", 10250), rule(NODE_V6, "TCP", 10250),
                rule(NODE_DUAL_STACK, "TCP", 9100)),
            "external", stable(dns, rule(STRIPE, "TCP", 443), rule(EXTERNAL_V6, "UDP", 123),
                rule(STRIPE, "TCP", 80)),
            "network-set", stable(dns, rule(CLOUDFLARE, "TCP", 443), rule(CLOUDFLARE_V6, "TCP", 443)),
            "icmp", stable(dns, rule(STRIPE, "ICMP", 8), rule(EXTERNAL_V6, "ICMPv6", 128), rule(NODE_V4, "ICMP", -1)));
    }

    /** Every kind of peer in one policy. */
    static CandidatePolicy everything(String tier, String state) {
        return policy(tier, state,
            rule(KUBE_DNS, "UDP", 53), rule(KUBE_DNS, "TCP", 53), rule(POSTGRES, "TCP", 5432),
            rule(UNLABELLED_POD, "TCP", 8080), rule(LEDGER_SERVICE, "TCP", 8443), rule(SAME_NAMESPACE_POD, "TCP", 9000),
            rule(NODE_V4, "TCP", 10250), rule(STRIPE, "TCP", 443), rule(STRIPE, "ICMP", 8),
            rule(EXTERNAL_V6, "UDP", 123), rule(CLOUDFLARE, "TCP", 443));
    }

    static RenderOptions allFormats() {
        return RenderOptions.defaults().withFormats(Set.of(Format.values()));
    }
}
