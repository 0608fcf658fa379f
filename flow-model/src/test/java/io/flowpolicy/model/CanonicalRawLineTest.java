package io.flowpolicy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalRawLineTest {
    private static final String LINE = "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=10.0.0.1 DST=1.2.3.4 PROTO=TCP DPT=443 ";
    private final CanonicalRawLine canonical = new CanonicalRawLine();

    private CanonicalRawLine.Header scan(String record) {
        byte[] bytes = ("xx" + record + "yy").getBytes(StandardCharsets.UTF_8);
        return canonical.scan(bytes, 2, bytes.length - 2);
    }

    @Test
    void shouldRecogniseWhatTheRawLineCodecWritesForPrintableAsciiLines() {
        Random random = new Random(11);
        for (int n = 0; n < 300; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                char c = (char) (32 + random.nextInt(95));
                text.append(c == '"' || c == '\\' ? 'x' : c);
            }
            Map<String, String> labels = n % 3 == 0 ? Map.of() : n % 3 == 1 ? Map.of("host", "node-" + n)
                : Map.of("job", "node-journal", "host", "node-" + n, "filename", "/var/log/journal");
            RawLine line = RawLine.of(Math.abs(random.nextLong()) % Long.MAX_VALUE, labels, text.toString());

            CanonicalRawLine.Header header =
                scan(new String(RawLineJson.write(line), StandardCharsets.UTF_8));

            assertNotNull(header, line.toString());
            assertEquals(line.tsNanos(), header.tsNanos());
            assertEquals(line.labels(), header.labels());
        }
    }

    @Test
    void shouldLeaveEveryOtherFormToTheGeneralPath() {
        String labels = "\"labels\":{\"host\":\"node-1\"}";
        for (String record : new String[] {
            "{\"ts\":\"01\"," + labels + ",\"line\":\"" + LINE + "\"}",                       // leading zero
            "{\"ts\":\"99999999999999999999\"," + labels + ",\"line\":\"" + LINE + "\"}",     // beyond a long
            "{\"ts\":\"\"," + labels + ",\"line\":\"" + LINE + "\"}",
            "{\"ts\": \"1\"," + labels + ",\"line\":\"" + LINE + "\"}",                       // whitespace
            "{\"ts\":\"1\"," + labels + ",\"line\":\"" + LINE + "\"} ",
            "{\"ts\":\"1\"," + labels + ",\"line\":\"tab\\there\"}",                           // an escape
            "{\"ts\":\"1\"," + labels + ",\"line\":\"caf\u00e9\"}",                             // not ASCII
            "{\"ts\":\"1\",\"labels\":{\"host\":\"a\",\"host\":\"b\"},\"line\":\"x\"}",        // a repeated name
            "{\"ts\":\"1\",\"labels\":{\"host\":\"a\"},\"line\":\"x\",\"more\":1}",
            "{\"ts\":\"1\",\"line\":\"x\"," + labels + "}",                                     // another order
            "{\"labels\":{\"host\":\"a\"},\"line\":\"x\",\"timestamp\":\"2024-11-19T20:15:03Z\"}",
            "{\"ts\":\"1\",\"labels\":{\"host\":\"a\"},\"line\":\"x\"",                         // cut short
            "{\"ts\":\"1\",\"labels\":{\"host\":\"a\"}",
            "{\"ts\":\"1\",\"labels\":{\"host\":1},\"line\":\"x\"}",
            "2024-11-19T20:15:03.5+00:00 node-3 kernel: " + LINE,
            ""}) {
            assertNull(scan(record), record);
        }
    }

    @Test
    void shouldShareOneLabelsMapBetweenLinesWithTheSameLabels() {
        String first = "{\"ts\":\"1\",\"labels\":{\"job\":\"j\",\"host\":\"node-1\"},\"line\":\"a\"}";
        String second = "{\"ts\":\"2\",\"labels\":{\"job\":\"j\",\"host\":\"node-1\"},\"line\":\"b\"}";
        String other = "{\"ts\":\"3\",\"labels\":{\"job\":\"j\",\"host\":\"node-2\"},\"line\":\"c\"}";

        Map<String, String> labels = scan(first).labels();

        assertSame(labels, scan(second).labels());
        assertEquals(Map.of("job", "j", "host", "node-2"), scan(other).labels());
        assertEquals(2L, scan(second).tsNanos());
    }
}
