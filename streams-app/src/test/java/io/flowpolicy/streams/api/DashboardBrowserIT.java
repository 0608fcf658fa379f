package io.flowpolicy.streams.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowpolicy.kafka.KafkaBrokerExtension;
import io.flowpolicy.model.InventoryRecord;
import io.flowpolicy.model.RawLine;
import io.flowpolicy.streams.ServedService;
import io.flowpolicy.streams.TopologyHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against a service that processed real lines: the fan-out table shows the
 * namespaces with their peers and tiers, and hostile namespace and peer names stay text.
 */
class DashboardBrowserIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String XSS_NAMESPACE = "<script>alert(1)</script>";
    private static final String XSS_PEER = "<img src=x onerror=alert(2)>";

    @TempDir
    static Path dir;
    private static ServedService served;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        chromium = new Chromium(Files.createDirectories(dir.resolve("chromium")));
        List<InventoryRecord> inventory = List.of(ServedService.pod("10.244.0.5", "alpha", "api"),
            ServedService.pod("10.244.1.5", "bravo", "web"), ServedService.pod("10.244.1.9", "bravo", XSS_PEER),
            ServedService.pod("10.244.2.5", "charlie", "crawler"),
            ServedService.pod("10.244.3.5", XSS_NAMESPACE, XSS_NAMESPACE));
        List<RawLine> lines = new ArrayList<>();
        lines.addAll(externalPeers("10.244.0.5", 1));
        lines.addAll(externalPeers("10.244.1.5", 5));
        lines.addAll(externalPeers("10.244.2.5", 52));
        lines.add(TopologyHarness.line(T0, "10.244.3.5", "10.244.1.9", "TCP", 8080));
        served = ServedService.start(KAFKA.bootstrapServers(), "browser-it", dir.resolve("state"), null, inventory,
            lines);
    }

    private static List<RawLine> externalPeers(String source, int count) {
        List<RawLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(TopologyHarness.line(T0.plusSeconds(i), source, "203.0." + (113 + i / 250) + "." + (i % 250 + 1),
                "TCP", 443));
        }
        return lines;
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void shouldListEveryNamespaceWithItsPeersAndTier() throws Exception {
        String dom = chromium.dumpDom(served.url("/"));
        Map<String, List<String>> rows = fanoutRows(dom);
        assertEquals(List.of("alpha", "bravo", "charlie", XSS_NAMESPACE).stream().sorted().toList(),
            rows.keySet().stream().sorted().toList(), dom);
        // Columns: namespace, tier, state, peers, external, pods, services, nodes, rules, days, last new peer.
        assertEquals(List.of("B", "learning", "1", "1"), rows.get("alpha").subList(1, 5));
        assertEquals(List.of("C", "learning", "5", "5"), rows.get("bravo").subList(1, 5));
        assertEquals(List.of("D", "learning", "52", "52"), rows.get("charlie").subList(1, 5));
        assertEquals(List.of("B", "learning", "1", "0", "1"), rows.get(XSS_NAMESPACE).subList(1, 6));
        assertTrue(dom.contains("4 of 4 namespaces"), "count line");
    }

    @Test
    void shouldRenderHostileNamesAsTextOnly() throws Exception {
        String dom = chromium.dumpDom(served.url("/#ns=" + URLEncoder.encode(XSS_NAMESPACE, StandardCharsets.UTF_8)));
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "namespace shown as text");
        assertTrue(dom.contains("pod:bravo/&lt;img src=x onerror=alert(2)&gt;"), "peer shown as text");
        assertEquals(2, count(dom, "<script"), "only the dashboard's own two script elements");
        assertFalse(dom.contains("<img"), "no element made from data");
        assertFalse(dom.contains("<script>alert"), "no script element made from data");
        String detail = between(dom, "<section id=\"detail\"", "</section>");
        assertFalse(detail.contains(" hidden"), "detail of the selected namespace is shown");
        assertTrue(detail.contains("<svg") && detail.contains("<rect"), "per-day chart drawn");
        assertTrue(between(detail, "<tbody>", "</tbody>").contains("pod:bravo/&lt;img"), "rule row with the peer");
        String live = between(dom, "<ol id=\"live-list\">", "</ol>");
        assertEquals(59, count(live, "<li"), "every first sighting in the live list");
    }

    @Test
    void shouldTakeANonTrivialScreenshot() throws Exception {
        Path png = Path.of("target", "dashboard.png");
        Files.deleteIfExists(png);
        chromium.screenshot(served.url("/#ns=bravo"), png, 1280, 900);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a rendered page, not a blank one: " + bytes.length + " bytes");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
    }

    /** Namespace (unescaped) → the text of each cell of its fan-out row. */
    private static Map<String, List<String>> fanoutRows(String dom) {
        String body = between(between(dom, "<table id=\"fanout-table\">", "</table>"), "<tbody>", "</tbody>");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String row : body.split("<tr")) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row);
            while (cell.find()) {
                cells.add(unescape(cell.group(1).replaceAll("<[^>]*>", "")));
            }
            if (!cells.isEmpty()) {
                rows.put(cells.get(0), cells);
            }
        }
        return rows;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = from < 0 ? -1 : text.indexOf(end, from + start.length());
        if (to < 0) {
            throw new AssertionError("no " + start + " … " + end + " in:\n" + text);
        }
        return text.substring(from + start.length(), to);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
