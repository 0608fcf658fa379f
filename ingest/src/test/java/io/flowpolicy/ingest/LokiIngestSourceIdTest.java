package io.flowpolicy.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.flowpolicy.ingest.loki.LokiClientConfig;
import io.flowpolicy.ingest.loki.LokiReaderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A source's id, which keys its checkpoint and transactional id. */
class LokiIngestSourceIdTest {
    private static final URI LOKI = URI.create("http://loki.example:3100");
    private static final String QUERY = "{job=\"node-journal\"} |= \"calico-packet\"";

    private static LokiIngest.Settings settings(LokiClientConfig client) {
        return new LokiIngest.Settings("127.0.0.1:9092", client, LokiReaderConfig.of(QUERY), null, null,
            Duration.ofMinutes(2), Duration.ofSeconds(5), List.of("host"));
    }

    private static LokiClientConfig basicAuth(String user) {
        return LokiClientConfig.builder(LOKI).tenant("infra").basicAuth(user, "token").build();
    }

    @Test
    void shouldKeepTheIdOfASourceWithoutABasicAuthUserSoItsCheckpointKeepsWorking() {
        // The ids these sources had before the Basic auth user counted.
        assertEquals("loki-loki.example-a042711df2386281",
            settings(LokiClientConfig.builder(LOKI).tenant("infra").build()).sourceId());
        assertEquals("loki-loki.example-a042711df2386281",
            settings(LokiClientConfig.builder(LOKI).tenant("infra").bearerToken("token").build()).sourceId());
        assertEquals("loki-loki.example-edbd6b22975d1385", LokiIngest.sourceId(LOKI, null, QUERY));
        assertEquals(Optional.empty(),
            settings(LokiClientConfig.builder(LOKI).tenant("infra").build()).idBeforeBasicAuthUserCounted());
    }

    @Test
    void shouldGiveEachBasicAuthUserOfOneUrlTenantAndQueryItsOwnId() {
        String tenantA = settings(basicAuth("tenantA")).sourceId();
        String tenantB = settings(basicAuth("tenantB")).sourceId();
        String tenantsAb = settings(basicAuth("tenantA|tenantB")).sourceId();

        List<String> ids = List.of(tenantA, tenantB, tenantsAb, "loki-loki.example-a042711df2386281");
        assertEquals(ids.size(), new HashSet<>(ids).size(), ids::toString);
        assertEquals(tenantA, settings(basicAuth("tenantA")).sourceId(), "stable across runs");
        assertNotEquals(tenantA, settings(basicAuth("tenantA")).dnsQueries(QUERY).sourceId());
    }

    @Test
    void shouldNameTheIdBeforeTheBasicAuthUserCountedForASourceWithAUser() {
        assertEquals(Optional.of("loki-loki.example-a042711df2386281"),
            settings(basicAuth("tenantA")).idBeforeBasicAuthUserCounted());
        assertEquals(Optional.of("dns-loki-loki.example-a042711df2386281"),
            settings(basicAuth("tenantA")).dnsQueries(QUERY).idBeforeBasicAuthUserCounted());
    }
}
