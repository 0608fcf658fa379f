package io.flowpolicy.sink.render;

import static io.flowpolicy.sink.render.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.model.Peer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkSetsTest {
    @TempDir
    Path dir;

    @Test
    void shouldShipCloudflareRangesByDefault() {
        NetworkSet cloudflare = NetworkSets.defaults().sets().get(0);
        assertEquals("cloudflare", cloudflare.name());
        assertEquals(22, cloudflare.cidrs().size());
        assertEquals("https://www.cloudflare.com/ips/", cloudflare.source());
        assertTrue(NetworkSets.defaults().find("198.41.200.5").isPresent());
        assertTrue(NetworkSets.defaults().find("2c0f:f248::1").isPresent());
        assertFalse(NetworkSets.defaults().find("8.8.8.8").isPresent());
    }

    @Test
    void shouldRenderCloudflareAddressesAsGlobalNetworkSetReference() {
        PolicyRenderer renderer = new PolicyRenderer(RenderOptions.defaults());
        var policy = Fixtures.stable(rule(Fixtures.CLOUDFLARE, "TCP", 443), rule(Fixtures.CLOUDFLARE_V6, "TCP", 443),
            rule(Peer.external("172.67.1.1"), "TCP", 8443));
        List<CalicoModel.Rule> rules = CalicoModel.policy(renderer.render(policy).files()
            .get("namespaces/payments/calico.yaml")).spec().egress();
        // three addresses in the set merge into one destination
        assertEquals(2, rules.size());
        CalicoModel.Entity d = rules.get(1).destination();
        assertEquals("global()", d.namespaceSelector());
        assertEquals("flowpolicy.io/set == 'cloudflare'", d.selector());
        assertEquals(List.of(443, 8443), d.ports());

        List<CalicoModel.NetworkSet> sets = CalicoModel.networkSets(renderer.renderGlobal(List.of(policy)).files()
            .get(PolicyRenderer.NETWORK_SETS_PATH));
        assertEquals(1, sets.size());
        assertEquals("flowpolicy-cloudflare", sets.get(0).metadata().name());
        assertEquals("cloudflare", sets.get(0).metadata().labels().get("flowpolicy.io/set"));
        assertTrue(sets.get(0).spec().nets().contains("2606:4700::/32"));
    }

    @Test
    void shouldWriteNoGlobalFileWhenNoSetIsReferenced() {
        PolicyRenderer renderer = new PolicyRenderer(RenderOptions.defaults());
        assertTrue(renderer.renderGlobal(List.of(Fixtures.stable(rule(Fixtures.STRIPE, "TCP", 443)))).files().isEmpty());
    }

    @Test
    void shouldGroupAwsRangesByServiceAndRegion() throws Exception {
        Path file = dir.resolve("ip-ranges.json");
        Files.writeString(file, """
            {"syncToken": "1767225600", "createDate": "2026-01-01-00-00-00",
             "prefixes": [
               {"ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "S3", "network_border_group": "ap-northeast-2"},
               {"ip_prefix": "52.95.128.0/21", "region": "ap-northeast-2", "service": "S3", "network_border_group": "ap-northeast-2"},
               {"ip_prefix": "13.34.37.64/27", "region": "ap-southeast-4", "service": "AMAZON_APPFLOW", "network_border_group": "ap-southeast-4"}],
             "ipv6_prefixes": [
               {"ipv6_prefix": "2600:1fa0:8000::/39", "region": "ap-northeast-2", "service": "S3", "network_border_group": "ap-northeast-2"}]}
            """);
        NetworkSets sets = NetworkSets.load(file);
        assertEquals(List.of("aws-amazon-appflow-ap-southeast-4", "aws-s3-ap-northeast-2"),
            sets.sets().stream().map(NetworkSet::name).toList());
        NetworkSet s3 = sets.sets().get(1);
        assertEquals(List.of("3.5.140.0/22", "52.95.128.0/21", "2600:1fa0:8000::/39"), s3.cidrs());
        assertEquals(Map.of("flowpolicy.io/provider", "aws", "flowpolicy.io/service", "s3",
            "flowpolicy.io/region", "ap-northeast-2"), s3.labels());
        assertEquals("aws-s3-ap-northeast-2", sets.find("52.95.130.9").orElseThrow().name());
    }

    @Test
    void shouldGroupGoogleCloudRangesByServiceAndScope() throws Exception {
        Path file = dir.resolve("cloud.json");
        Files.writeString(file, """
            {"syncToken": "1767225600000", "creationTime": "2026-01-01T00:00:00.000",
             "prefixes": [
               {"ipv4Prefix": "34.1.208.0/20", "service": "Google Cloud", "scope": "africa-south1"},
               {"ipv6Prefix": "2600:1900:8000::/44", "service": "Google Cloud", "scope": "africa-south1"},
               {"ipv4Prefix": "34.35.0.0/16", "service": "Google Cloud", "scope": "us-central1"}]}
            """);
        NetworkSets sets = NetworkSets.load(file);
        assertEquals(List.of("gcp-google-cloud-africa-south1", "gcp-google-cloud-us-central1"),
            sets.sets().stream().map(NetworkSet::name).toList());
        assertEquals(List.of("34.1.208.0/20", "2600:1900:8000::/44"), sets.sets().get(0).cidrs());
        assertEquals("gcp-google-cloud-africa-south1", sets.find("2600:1900:8000::5").orElseThrow().name());
    }

    @Test
    void shouldReadTheOwnFormatAndPreferTheLongestMatchingPrefix() throws Exception {
        Path file = dir.resolve("sets.yaml");
        Files.writeString(file, """
            - name: corp-wide
              cidrs: [10.0.0.0/8]
              source: "ipam: all corp"
            - name: corp-db
              labels: {team: data}
              cidrs: [10.20.0.0/16]
            """);
        NetworkSets sets = NetworkSets.load(file).plus(NetworkSets.defaults());
        assertEquals("corp-db", sets.find("10.20.1.1").orElseThrow().name());
        assertEquals("corp-wide", sets.find("10.21.1.1").orElseThrow().name());
        assertEquals("cloudflare", sets.find("104.16.1.1").orElseThrow().name());
    }

    @Test
    void shouldRejectUnknownFieldsDuplicateNamesAndBadCidrs() throws Exception {
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, "- name: a\n  cidrs: [10.0.0.0/8]\n  domains: [example.com]\n");
        assertThrows(Exception.class, () -> NetworkSets.load(unknown));
        assertThrows(IllegalArgumentException.class, () -> NetworkSets.defaults().plus(NetworkSets.defaults()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new NetworkSet("x", Map.of(), List.of("10.0.0.0/40"), ""));
        assertTrue(e.getMessage().contains("10.0.0.0/40"));
    }
}
