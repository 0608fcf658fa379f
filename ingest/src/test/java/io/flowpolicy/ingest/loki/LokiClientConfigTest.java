package io.flowpolicy.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults that suit Loki's, and tenant ids checked against Loki's rules before any request. */
class LokiClientConfigTest {
    private static final URI LOKI = URI.create("http://127.0.0.1:3100");

    private static String tenantError(String tenant) {
        return assertThrows(IllegalArgumentException.class, () -> LokiClientConfig.builder(LOKI).tenant(tenant))
            .getMessage();
    }

    @Test
    void shouldTakeTheBaseUrlOutOfAUrlCopiedFromARequest() {
        for (String url : new String[] {"http://127.0.0.1:3100", "http://127.0.0.1:3100/",
            "http://127.0.0.1:3100/loki/api/v1", "http://127.0.0.1:3100/loki/api/v1/",
            "http://127.0.0.1:3100/loki/api/v1/query_range"}) {
            assertEquals(LOKI, LokiClientConfig.builder(URI.create(url)).build().baseUrl(), url);
        }
        assertEquals(URI.create("https://gw.example/logs"),
            LokiClientConfig.builder(URI.create("https://gw.example/logs/loki/api/v1")).build().baseUrl());
    }

    @Test
    void shouldWaitLongerThanLokisOneMinuteQueryTimeoutByDefault() {
        assertTrue(LokiClientConfig.builder(LOKI).build().requestTimeout().compareTo(Duration.ofMinutes(1)) > 0);
    }

    @Test
    void shouldAcceptTenantIdsLokiAcceptsIncludingSeveralForOneQuery() {
        for (String tenant : new String[] {"infra", "team-a|team-b", "A.b_c-d!*'()", "x".repeat(150),
            "x".repeat(150) + "|" + "y".repeat(150)}) {
            assertEquals(tenant, LokiClientConfig.builder(LOKI).tenant(tenant).build().tenant());
        }
    }

    @Test
    void shouldRejectDotDotAsATenantId() {
        String message = tenantError("..");
        assertTrue(message.startsWith("--tenant '..' holds the tenant id '..', which Loki refuses"), message);
        assertTrue(message.contains("not . or .."), message);
        assertTrue(tenantError("team-a|.").contains("the tenant id '.'"));
    }

    @Test
    void shouldRejectCharactersOutsideLokisTenantAlphabetNamingTheFirst() {
        String message = tenantError("a b/c#");
        assertEquals("--tenant 'a b/c#' holds ' ', which Loki refuses in a tenant id: a tenant id is 1-150 ASCII "
            + "letters, digits and ! - _ . * ' ( ), not . or ..; join several with |, e.g. team-a|team-b", message);
        assertTrue(tenantError("org:1").contains("holds ':'"));
        assertTrue(tenantError("team\n").contains("holds U+000A"));
    }

    @Test
    void shouldRejectEmptyTenantIds() {
        assertTrue(tenantError("").contains("the tenant id ''"));
        assertTrue(tenantError("team-a||team-b").contains("the tenant id ''"));
    }

    @Test
    void shouldLimitEachTenantIdTo150BytesNotCharacters() {
        assertTrue(tenantError("x".repeat(151)).startsWith("--tenant holds a tenant id of 151 bytes, over Loki's 150"));
        // 100 characters but 200 bytes in UTF-8; outside the alphabet anyway.
        assertTrue(tenantError("é".repeat(100)).contains("holds U+00E9"));
    }
}
