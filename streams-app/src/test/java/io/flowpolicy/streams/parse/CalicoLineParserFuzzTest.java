package io.flowpolicy.streams.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded property tests: whatever the input, the parser answers Parsed or a known Rejected, and never lies. */
class CalicoLineParserFuzzTest {
    private static final long SEED = 20260518L;
    private static final String ICMP_UNREACHABLE = "calico-packet: IN=cali527b0801ecb OUT=eth0 "
        + "SRC=172.16.193.134 DST=10.0.0.1 LEN=576 TOS=0x00 PREC=0xC0 TTL=63 ID=777 PROTO=ICMP TYPE=3 CODE=13 "
        + "[SRC=10.0.0.1 DST=172.16.193.200 LEN=40 TOS=0x00 PREC=0x00 TTL=62 ID=1 DF PROTO=TCP SPT=443 DPT=40000 "
        + "WINDOW=0 RES=0x00 ACK URGP=0 ] MARK=0x4000";
    private static final List<String> SEEDS = List.of(ReferenceLines.TCP_HTTP, ReferenceLines.UDP_DNS,
        ReferenceLines.ICMP_ECHO, ReferenceLines.IPV6_PLACEHOLDER, ICMP_UNREACHABLE,
        "Sep  5 14:34:40 node-1 kernel: [158271.044316] " + ReferenceLines.UDP_DNS,
        ReferenceLines.TCP_HTTP_JOURNAL_JSON);

    private final CalicoLineParser parser = new CalicoLineParser();
    private final CalicoLineParser roomy = new CalicoLineParser(CalicoLineParser.DEFAULT_PREFIX, 2 << 20);
    private final Random random = new Random(SEED);

    private ParseResult parseValid(CalicoLineParser p, String line) {
        ParseResult result;
        try {
            result = p.parse(line);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("parser threw on " + abbreviate(line), e);
        }
        assertNotNull(result, () -> "null result for " + abbreviate(line));
        if (result instanceof ParseResult.Rejected rejected) {
            assertTrue(RejectReason.ALL.contains(rejected.reason()), () -> "unknown reason " + rejected);
            assertNotNull(rejected.detail());
        } else {
            ParsedFlow flow = ((ParseResult.Parsed) result).flow();
            assertNotNull(flow.srcIp());
            assertNotNull(flow.dstIp());
            assertNotNull(flow.protocol());
            assertTrue(flow.port() >= -1 && flow.port() <= 65535, flow::toString);
        }
        return result;
    }

    private ParsedFlow seedFlow(String line) {
        return ((ParseResult.Parsed) parser.parse(line)).flow();
    }

    @Test
    void shouldNeverThrowOnRandomBytesOrChars() {
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            parseValid(parser, new String(bytes, StandardCharsets.UTF_8));
            parseValid(parser, new String(bytes, StandardCharsets.ISO_8859_1));
            char[] chars = new char[random.nextInt(300)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            parseValid(parser, new String(chars));
            parseValid(parser, "calico-packet: IN=" + new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void shouldNeverAcceptLineCutInsideAddressOrPortFields() {
        for (String line : SEEDS) {
            ParsedFlow full = seedFlow(line);
            int from = line.indexOf("SRC=");
            int l4 = line.indexOf(full.protocol().startsWith("ICMP") ? " CODE=" : " DPT=") + 1;
            int to = line.indexOf(' ', l4);
            for (int cut = 0; cut < line.length(); cut++) {
                ParseResult result = parseValid(parser, line.substring(0, cut));
                if (cut > from && cut <= to) {
                    assertInstanceOf(ParseResult.Rejected.class, result, "cut at " + cut + ": " + line.substring(0, cut));
                } else if (result instanceof ParseResult.Parsed parsed) {
                    assertSameFlow(full, parsed.flow(), line.substring(0, cut));
                }
            }
        }
    }

    @Test
    void shouldKeepFieldsOrRejectWhenTokensAreDeletedDuplicatedOrSwapped() {
        for (int i = 0; i < 20_000; i++) {
            String line = SEEDS.get(random.nextInt(SEEDS.size()));
            ParsedFlow full = seedFlow(line);
            List<String> tokens = new ArrayList<>(Arrays.asList(line.split(" ")));
            int a = random.nextInt(tokens.size());
            int b = random.nextInt(tokens.size());
            switch (random.nextInt(3)) {
                case 0 -> tokens.remove(a);
                case 1 -> tokens.add(b, tokens.get(a));
                default -> {
                    String t = tokens.get(a);
                    tokens.set(a, tokens.get(b));
                    tokens.set(b, t);
                }
            }
            String mutated = String.join(" ", tokens);
            // A token moved out of an ICMP error's inner packet makes a different but valid line.
            boolean innerMoved = insideBrackets(line, a) || insideBrackets(line, b);
            if (parseValid(parser, mutated) instanceof ParseResult.Parsed parsed && !innerMoved) {
                assertSameFlow(full, parsed.flow(), mutated);
            }
        }
    }

    @Test
    void shouldRejectInjectedNulAndLoneSurrogatesAnywhere() {
        for (String line : SEEDS) {
            for (int at = 0; at <= line.length(); at++) {
                String nul = line.substring(0, at) + '\0' + line.substring(at);
                assertReason(RejectReason.CONTROL_CHARACTERS, nul);
                String surrogate = line.substring(0, at) + (at % 2 == 0 ? '\ud834' : '\udd1e') + line.substring(at);
                assertReason(RejectReason.UNPAIRED_SURROGATE, surrogate);
            }
        }
    }

    @Test
    void shouldHandleOneMebibyteLines() {
        String huge = ReferenceLines.TCP_HTTP.replace("DF ", "DF " + "X".repeat(1 << 20) + " ");
        assertReason(RejectReason.TOO_LONG, huge);
        assertEquals(80, ((ParseResult.Parsed) parseValid(roomy, huge)).flow().port());
        String hugeToken = "calico-packet: IN=" + "a".repeat(1 << 20);
        assertEquals(RejectReason.TRUNCATED, ((ParseResult.Rejected) parseValid(roomy, hugeToken)).reason());
        String hugeAddress = ReferenceLines.TCP_HTTP.replace("SRC=172.16.193.134", "SRC=" + "1:".repeat(1 << 19));
        ParseResult.Rejected rejected = (ParseResult.Rejected) parseValid(roomy, hugeAddress);
        assertEquals(RejectReason.BAD_IP, rejected.reason());
        assertTrue(rejected.detail().length() < 200, "detail stays short");
        // Many short tokens before a distant '=' once made each token search the rest of the line.
        parseValid(roomy, "calico-packet: IN=x OUT=y " + "DF ".repeat(1 << 18) + "=");
        parseValid(roomy, "[".repeat(1 << 20));
        parseValid(roomy, "calico-packet: IN=x OUT=y " + "[".repeat(1 << 19) + "]".repeat(1 << 19));
        parseValid(roomy, "calico-packet: " + "IN=".repeat(1 << 18));
        parseValid(roomy, " kernel:".repeat(1 << 17) + " calico-packet: IN=");
        // Every IN= glued to a word makes the parser look back for a prefix; each look must stop at that IN=.
        parseValid(roomy, "xIN=".repeat(1 << 18));
    }

    @Test
    void shouldRejectOutOfRangeNumbersAnywhereInThePort() {
        String[] values = {"65536", "4294967296", "99999999999999999999", "-1", "+80", "0x50", "8O", "", "1e3"};
        for (String value : values) {
            String line = ReferenceLines.TCP_HTTP.replace("DPT=80", "DPT=" + value);
            String reason = ((ParseResult.Rejected) parseValid(parser, line)).reason();
            assertEquals(RejectReason.BAD_NUMBER, reason, line);
            String icmp = ReferenceLines.ICMP_ECHO.replace("TYPE=8", "TYPE=" + (value.equals("65536") ? "256" : value));
            assertEquals(RejectReason.BAD_NUMBER, ((ParseResult.Rejected) parseValid(parser, icmp)).reason(), icmp);
        }
    }

    @Test
    void shouldNormaliseIpv6EdgeForms() {
        String[][] cases = {{"::", "::"}, {"::1", "::1"}, {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
            {"::FFFF:0102:0304", "::ffff:1.2.3.4"}, {"FD00:10:244:1:0:0:0:5", "fd00:10:244:1::5"},
            {"fd00:0010:0244:0001:0000:0000:0000:0005", "fd00:10:244:1::5"}, {"2001:DB8::", "2001:db8::"},
            {"0:0:0:0:0:0:0:0", "::"}, {"1:0:0:0:1:0:0:0", "1::1:0:0:0"}};
        for (String[] c : cases) {
            String line = ReferenceLines.IPV6_PLACEHOLDER
                .replace("SRC=fd00:0010:0244:0001:0000:0000:0000:0005", "SRC=" + c[0]);
            ParsedFlow flow = ((ParseResult.Parsed) parseValid(parser, line)).flow();
            assertEquals(c[1], flow.srcIp(), c[0]);
            assertEquals(6, flow.ipVersion());
        }
    }

    @Test
    void shouldSurviveRandomCharacterMutationsOfRealLines() {
        char[] alphabet = " =:[]0123456789abcdefABCDEFxINOUTSRCDPT.\t-\u00e9\ud83d\ude00".toCharArray();
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && line.length() > 0; e++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(4)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet[random.nextInt(alphabet.length)]);
                    case 2 -> line.setCharAt(at, alphabet[random.nextInt(alphabet.length)]);
                    default -> line.setCharAt(at, Character.toLowerCase(line.charAt(at)));
                }
            }
            parseValid(parser, line.toString());
        }
    }

    @Test
    void shouldSurviveJsonMutationsOfJournalEntry() {
        char[] alphabet = "{}[]\",:\\u0 e1-\ud800".toCharArray();
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder(ReferenceLines.TCP_HTTP_JOURNAL_JSON);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet[random.nextInt(alphabet.length)]);
                    default -> line.setCharAt(at, alphabet[random.nextInt(alphabet.length)]);
                }
            }
            parseValid(parser, line.toString());
        }
    }

    private static boolean insideBrackets(String line, int tokenIndex) {
        String[] tokens = line.split(" ");
        int open = -1;
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t].startsWith("[")) {
                open = t;
            }
            if (t == tokenIndex) {
                return open >= 0;
            }
            if (tokens[t].endsWith("]")) {
                open = -1;
            }
        }
        return false;
    }

    private void assertReason(String reason, String line) {
        ParseResult result = parseValid(parser, line);
        if (!(result instanceof ParseResult.Rejected rejected) || !rejected.reason().equals(reason)) {
            fail("expected " + reason + " for " + abbreviate(line) + " but got " + result);
        }
    }

    /** The fields a cut or shuffled line must never change; prefix and policy may (a moved prefix token). */
    private static void assertSameFlow(ParsedFlow expected, ParsedFlow actual, String line) {
        String context = "fields changed for " + line;
        assertEquals(expected.srcIp(), actual.srcIp(), context);
        assertEquals(expected.dstIp(), actual.dstIp(), context);
        assertEquals(expected.ipVersion(), actual.ipVersion(), context);
        assertEquals(expected.protocol(), actual.protocol(), context);
        assertEquals(expected.port(), actual.port(), context);
        assertEquals(expected.icmpCode(), actual.icmpCode(), context);
        assertEquals(expected.inInterface(), actual.inInterface(), context);
        assertEquals(expected.outInterface(), actual.outInterface(), context);
    }

    private static String abbreviate(String line) {
        return line == null || line.length() < 300 ? String.valueOf(line) : line.substring(0, 300) + "…";
    }
}
