package io.flowpolicy.sink;

import static io.flowpolicy.sink.Candidates.external;
import static io.flowpolicy.sink.Candidates.policy;
import static io.flowpolicy.sink.Candidates.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.CandidatePolicy;
import io.flowpolicy.model.CandidateRule;
import io.flowpolicy.model.Peer;
import io.flowpolicy.model.NamespaceProfile;
import io.flowpolicy.sink.render.NetworkSets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PolicyReportTest {
    private static final Instant FROM = Instant.parse("2026-05-18T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-21T00:00:00Z");

    @Test
    void shouldRankTierBByFewestPeersThenLongestStableStreakThenName() {
        List<CandidatePolicy> candidates = List.of(
            policy("zeta", "B", "stable", 4, service("kube-system", "kube-dns", "UDP", 53)),
            policy("alpha", "B", "stable", 4, service("kube-system", "kube-dns", "UDP", 53)),
            policy("quiet", "B", "stable", 4, service("kube-system", "kube-dns", "UDP", 53)),
            policy("wide", "B", "stable", 4, service("kube-system", "kube-dns", "UDP", 53),
                external("93.184.216.34", "TCP", 443)),
            policy("busy", "D", "learning", 4, external("93.184.216.34", "TCP", 443)));
        Map<String, NamespaceProfile> profiles = Map.of(
            "quiet", profile("quiet", 1, "2026-05-18T01:00:00Z"),
            "zeta", profile("zeta", 1, "2026-05-19T01:00:00Z"),
            "alpha", profile("alpha", 1, "2026-05-19T01:00:00Z"));

        String report = render(candidates, profiles, new ReportSettings(2, List.of()));

        assertTrue(report.contains("- pilot: quiet (1 peer, stable for 3 d)\n"), report);
        assertTrue(report.contains("- batch 1: alpha (1 peer, stable for 2 d), zeta (1 peer, stable for 2 d)\n"), report);
        assertTrue(report.contains("- batch 2: wide (2 peers, stable for 3 d)\n"), report);
        assertFalse(report.contains("busy (1 peer"), report);
    }

    @Test
    void shouldNotCountTheExclusiveEndOfARangeReadAsADayObserved() {
        List<CandidatePolicy> candidates = List.of(policy("shop", "B", "stable", 3,
            external("93.184.216.34", "TCP", 443)));
        // analyze --loki-url --from 2026-05-18T00:00:00Z --to 2026-05-21T00:00:00Z: three days, nothing at the end.
        Observation range = new Observation(FROM, TO, 100L, 2L, true);

        String report = PolicyReport.render(new PolicyReport.Input(candidates, Map.of(), range,
            new ReportSettings(4, List.of()), NetworkSets.defaults(), new TreeMap<>()));

        assertTrue(report.contains("- window: 2026-05-18T00:00:00Z to 2026-05-21T00:00:00Z (3 days)\n"), report);
        assertTrue(render(candidates, Map.of(), new ReportSettings(4, List.of()))
            .contains("to 2026-05-21T00:00:00Z (4 days)\n"), "a last line at midnight is on that day");
    }

    @Test
    void shouldNameCaveatsFoundInTheData() {
        List<CandidatePolicy> candidates = List.of(policy("busy", "D", "learning", 4,
            external("93.184.216.34", "TCP", 443), external("104.16.1.1", "TCP", 443)));

        String report = render(candidates, Map.of(), new ReportSettings(4, List.of("busy", "forgotten")));

        assertTrue(report.contains("The observation horizon is 4 days, shorter than 7"), report);
        assertTrue(report.contains("Tier D (too many or too volatile destinations for an allowlist): busy."), report);
        assertTrue(report.contains("not covered by any network set, listed one by one: busy (1)."), report);
        assertTrue(report.contains("Selected by the observation policy but never seen: forgotten."), report);
        assertTrue(report.contains("No tier B namespace yet"), report);
    }

    @Test
    void shouldSayLineCountsAreUnknownInServiceMode() {
        String report = PolicyReport.render(new PolicyReport.Input(List.of(), Map.of(), Observation.unknown(),
            ReportSettings.defaults(), NetworkSets.none(), new TreeMap<>()));

        assertTrue(report.contains("- window: unknown\n"), report);
        assertTrue(report.contains("- lines: not known"), report);
    }

    @Test
    void shouldEscapeMarkdownAndHtmlInNamesAndReasons() {
        TreeMap<String, String> rejected = new TreeMap<>();
        rejected.put("evil|ns\n# <script>alert(1)</script>", "namespace is not a DNS-1123 label: `x` & [y](z)");

        String report = PolicyReport.render(new PolicyReport.Input(List.of(), Map.of(), Observation.unknown(),
            ReportSettings.defaults(), NetworkSets.none(), rejected));

        String row = report.lines().filter(l -> l.startsWith("| evil")).findFirst().orElseThrow();
        assertEquals("| evil\\|ns \\# \\<script\\>alert(1)\\</script\\> | namespace is not a DNS-1123 label: "
            + "\\`x\\` &amp; \\[y\\](z) |", row);
        assertFalse(report.contains("<script>"));
    }

    @Test
    void shouldRenderTheSameBytesForTheSameInput() {
        List<CandidatePolicy> candidates = List.of(policy("affine", "B", "learning", 2,
            service("kube-system", "kube-dns", "UDP", 53)));

        assertEquals(render(candidates, Map.of(), ReportSettings.defaults()),
            render(List.copyOf(candidates), Map.of(), ReportSettings.defaults()));
    }

    @Test
    void shouldListTheDnsNamesAndPtrHintsOfEachNamespace() {
        Peer hinted = new Peer(Peer.EXTERNAL, null, null, "198.51.100.7", Map.of(), List.of(), "mail.example.org");
        List<CandidatePolicy> candidates = List.of(
            policy("shop", "B", "stable", 4, rule(Peer.fqdn("api.example.com", "99.83.136.103",
                List.of("api.example.com"))), rule(hinted)),
            policy("blog", "B", "stable", 4, rule(new Peer(Peer.EXTERNAL, null, null, "93.184.216.34", Map.of(),
                List.of("example.com"), null))),
            policy("quiet", "B", "stable", 4, service("kube-system", "kube-dns", "UDP", 53)));

        String report = render(candidates, Map.of(), new ReportSettings(4, List.of()));

        String section = report.substring(report.indexOf("## DNS names"));
        assertTrue(section.contains("| blog | example.com |  |\n"), report);
        assertTrue(section.contains("| shop | api.example.com | 198.51.100.7 (mail.example.org) |\n"), report);
        assertFalse(section.contains("| quiet |"), report);
    }

    @Test
    void shouldLeaveOutTheDnsSectionWithoutNames() {
        String report = render(List.of(policy("shop", "B", "stable", 4, external("93.184.216.34", "TCP", 443))),
            Map.of(), new ReportSettings(4, List.of()));

        assertFalse(report.contains("## DNS names"), report);
    }

    private static CandidateRule rule(Peer peer) {
        return new CandidateRule(peer, "TCP", 443, Candidates.T0, Candidates.T0.plusSeconds(60), 1);
    }

    private static String render(List<CandidatePolicy> candidates, Map<String, NamespaceProfile> profiles,
                                 ReportSettings settings) {
        return PolicyReport.render(new PolicyReport.Input(candidates, profiles, new Observation(FROM, TO, 100L, 2L),
            settings, NetworkSets.defaults(), new TreeMap<>()));
    }

    private static NamespaceProfile profile(String ns, int peers, String lastNewPeer) {
        return new NamespaceProfile(ns, peers, 0, peers, 0, 0, peers, "B", "stable", LocalDate.parse("2026-05-18"),
            LocalDate.parse("2026-05-21"), 4, Instant.parse(lastNewPeer));
    }
}
