package io.flowpolicy.streams.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalicoLineParserRejectTest {
    private static final String TCP = ReferenceLines.TCP_HTTP;
    private static final String HEAD = "calico-packet: IN=cali527b0801ecb OUT=eth0 ";

    private final CalicoLineParser parser = new CalicoLineParser();

    private ParseResult.Rejected rejected(String line) {
        ParseResult result = parser.parse(line);
        assertInstanceOf(ParseResult.Rejected.class, result, () -> "expected Rejected for " + line + " but got " + result);
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        assertTrue(RejectReason.ALL.contains(rejected.reason()), rejected::reason);
        assertTrue(!rejected.detail().isEmpty() && rejected.detail().length() < 200, rejected::detail);
        return rejected;
    }

    private void assertReason(String reason, String line) {
        assertEquals(reason, rejected(line).reason(), () -> line + " -> " + parser.parse(line));
    }

    @Test
    void shouldRejectNullEmptyAndBlankAsEmpty() {
        assertReason(RejectReason.EMPTY, null);
        assertReason(RejectReason.EMPTY, "");
        assertReason(RejectReason.EMPTY, " \t \r\n");
    }

    @Test
    void shouldRejectLineOverMaximumLength() {
        assertReason(RejectReason.TOO_LONG, TCP + " ".repeat(CalicoLineParser.DEFAULT_MAX_LINE_LENGTH));
        ParseResult.Rejected small = (ParseResult.Rejected) new CalicoLineParser("calico-packet", 100).parse(TCP);
        assertEquals(RejectReason.TOO_LONG, small.reason());
        assertTrue(small.detail().contains("100"), small.detail());
    }

    @Test
    void shouldRejectNulAndOtherControlCharacters() {
        assertReason(RejectReason.CONTROL_CHARACTERS, TCP.replace("DPT=80", "DPT=80\0"));
        assertReason(RejectReason.CONTROL_CHARACTERS, "\u001b[31m" + TCP);
        assertReason(RejectReason.CONTROL_CHARACTERS, TCP.replace(" DST=", "\nDST="));
        assertReason(RejectReason.CONTROL_CHARACTERS, TCP.replace(" DST=", "\u007fDST="));
        assertTrue(rejected("a\0b").detail().contains("U+0000"));
    }

    @Test
    void shouldRejectLoneSurrogates() {
        assertReason(RejectReason.UNPAIRED_SURROGATE, TCP.replace("IN=cali", "IN=\ud800cali"));
        assertReason(RejectReason.UNPAIRED_SURROGATE, TCP + "\udc00");
        assertReason(RejectReason.UNPAIRED_SURROGATE, TCP.replace("calico-packet:", "calico-packet\ud83d:"));
    }

    @Test
    void shouldAcceptPairedSurrogatesOutsideReturnedFields() {
        assertInstanceOf(ParseResult.Parsed.class, parser.parse("Sep  5 14:34:40 node-\ud83d\ude00 kernel: " + TCP));
    }

    @Test
    void shouldAcceptNonAsciiTextThatIsNotControlCharacters() {
        assertInstanceOf(ParseResult.Parsed.class, parser.parse(TCP.replace("ID=58406", "ID=\u00e9")));
        assertInstanceOf(ParseResult.Parsed.class,
            parser.parse(TCP.replace("calico-packet: ", "calico-packet \u00e9t\u00e9: ")));
    }

    @Test
    void shouldNotMistakeKeyWhoseCharacterOnlySharesLowBitsWithAFieldName() {
        // U+0144 and U+0153 end in the bytes of 'D' and 'S': a key code cut to 8 bits would read DPT= and SRC=.
        assertReason(RejectReason.MISSING_PORT, TCP.replace("DPT=80", "\u0144PT=80"));
        assertReason(RejectReason.MISSING_SRC, TCP.replace("SRC=", "\u0153RC="));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello world",
        "calico-packet: nothing to see",
        "kernel: [UFW BLOCK] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2 WINDOW=1",
        "IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2 WINDOW=1 calico-packet",
        "audit: LOGIN=calico-packet OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2 WINDOW=1",
        "calico-packe: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2 WINDOW=1"})
    void shouldRejectLinesWithoutPrefixBeforeInAsForeign(String line) {
        assertReason(RejectReason.FOREIGN_LINE, line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-calico-packet-drop: ", "my-calico-packet: ", "calico-packet-drop: ", "calico-packets: ",
        "xcalico-packet"})
    void shouldRejectPrefixThatIsOnlyPartOfAWordAsForeign(String printedPrefix) {
        String line = TCP.replace("calico-packet: IN=", printedPrefix + "IN=");
        assertReason(RejectReason.FOREIGN_LINE, line);
        assertReason(RejectReason.FOREIGN_LINE, "May 18 10:00:00 node-1 kernel: " + line);
    }

    @Test
    void shouldRejectLinesWithoutThePlaceholderPrefixAsForeign() {
        CalicoLineParser placeholders = new CalicoLineParser("calico-packet %k %p", 8192);
        assertReason(placeholders, RejectReason.FOREIGN_LINE, ReferenceLines.UFW_IPV6);
        assertReason(placeholders, RejectReason.FOREIGN_LINE, TCP.replace("calico-packet: ", "calico-packet-drop: "));
        assertReason(placeholders, RejectReason.FOREIGN_LINE,
            TCP.replace("calico-packet: ", "my-calico-packet np payments/egress-logger: "));
        CalicoLineParser leading = new CalicoLineParser("%t-%n", 8192);
        assertReason(leading, RejectReason.FOREIGN_LINE, ReferenceLines.UFW_IPV6);
        assertReason(leading, RejectReason.FOREIGN_LINE, TCP.replace("calico-packet: ", "[UFW BLOCK] "));
    }

    private static void assertReason(CalicoLineParser parser, String reason, String line) {
        ParseResult result = parser.parse(line);
        assertInstanceOf(ParseResult.Rejected.class, result, () -> "expected Rejected for " + line + " but got " + result);
        assertEquals(reason, ((ParseResult.Rejected) result).reason(), () -> line + " -> " + result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"calico-packet np pay+ments/egr", "calico-packet np payments/eg\u00e9", "calico-packet-x",
        "xcalico-packet np payments/egr"})
    void shouldRejectTextGluedToInThatFelixCannotPrintAfterThePrefix(String glued) {
        assertReason(RejectReason.FOREIGN_LINE,
            ReferenceLines.IPV6_PLACEHOLDER.replace("calico-packet np payments/egress-logger: IN=", glued + "IN="));
    }

    @Test
    void shouldRejectJournalJsonWithoutMessageAsForeignNamingTheField() {
        ParseResult.Rejected rejected = rejected(ReferenceLines.TCP_HTTP_JOURNAL_JSON.replace("\"MESSAGE\"", "\"MSG\""));
        assertEquals(RejectReason.FOREIGN_LINE, rejected.reason());
        assertTrue(rejected.detail().contains("MESSAGE"), rejected::detail);
        // journalctl -o json writes a field that is not valid UTF-8 as an array of bytes
        ParseResult.Rejected bytes = rejected("{\"MESSAGE\":[99,97,108,105,99,111],\"_HOSTNAME\":\"node-1\"}");
        assertEquals(RejectReason.FOREIGN_LINE, bytes.reason());
        assertTrue(bytes.detail().contains("MESSAGE"), bytes::detail);
    }

    @Test
    void shouldRejectJournalJsonCutShortAsTruncated() {
        String json = ReferenceLines.TCP_HTTP_JOURNAL_JSON;
        assertReason(RejectReason.TRUNCATED, json.substring(0, json.indexOf("\"_HOSTNAME\"") + 15));
        assertReason(RejectReason.TRUNCATED, json.substring(0, json.length() - 1));
    }

    @Test
    void shouldRejectMalformedJsonAsForeign() {
        assertReason(RejectReason.FOREIGN_LINE, "{\"MESSAGE\": calico-packet: IN=cali527b0801ecb}");
        assertReason(RejectReason.FOREIGN_LINE, ReferenceLines.TCP_HTTP_JOURNAL_JSON + " " + TCP);
        assertReason(RejectReason.FOREIGN_LINE, "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
    }

    @Test
    void shouldRejectControlCharacterEscapedInJournalMessage() {
        assertReason(RejectReason.CONTROL_CHARACTERS,
            ReferenceLines.TCP_HTTP_JOURNAL_JSON.replace("DPT=80", "DPT=80\\u0000"));
        assertReason(RejectReason.UNPAIRED_SURROGATE,
            ReferenceLines.TCP_HTTP_JOURNAL_JSON.replace("node-1", "node-\ud800"));
    }

    @Test
    void shouldRejectUfwIpv6LineAsForeign() {
        assertReason(RejectReason.FOREIGN_LINE, ReferenceLines.UFW_IPV6);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "calico-packet: IN=cali527b0801ecb",
        "calico-packet: IN=cali527b0801ecb OU",
        "calico-packet: IN=cali527b0801ecb OUT=eth0",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 TOS=0x00",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=TC",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=TCP SPT=12",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=TCP SPT=12 DPT=",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=TCP SPT=12 DPT=44 ",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=UDP SPT=12 DPT=5",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=ICMP TYPE=8",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=ICMP TYPE=8 CODE=0",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=ICMP TYPE=3 CODE=1",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=ICMP TYPE=3 CODE=",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=::1 DST=::2 LEN=60 PROTO=ICMPv6 TYPE=128 CODE=0",
        "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=TCP SPT=1 DPT=80 WINDOW=1 MARK=0x"})
    void shouldRejectLinesCutInsideHeaderFieldsAsTruncated(String line) {
        assertReason(RejectReason.TRUNCATED, line);
    }

    @Test
    void shouldRejectInWithoutOutAsMissingOut() {
        assertReason(RejectReason.MISSING_OUT, TCP.replace("OUT=eth0 ", ""));
    }

    @Test
    void shouldRejectMissingAddressesAndProtocol() {
        assertReason(RejectReason.MISSING_SRC, TCP.replace("SRC=172.16.193.134 ", ""));
        assertReason(RejectReason.MISSING_DST, TCP.replace("DST=69.147.80.15 ", ""));
        assertReason(RejectReason.MISSING_PROTO, TCP.replace("PROTO=TCP ", ""));
        assertReason(RejectReason.MISSING_SRC, HEAD + "some words that are not fields");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300.1.2.3", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "fd00::1::2", "fe80::1%eth0",
        "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::2", "1::2:", "::ffff:1.2.3.256", "gggg::1", "…", "[::1]"})
    void shouldRejectInvalidAddressesAsBadIp(String address) {
        assertReason(RejectReason.BAD_IP, TCP.replace("SRC=172.16.193.134", "SRC=" + address));
        assertReason(RejectReason.BAD_IP, TCP.replace("DST=69.147.80.15", "DST=" + address));
    }

    @Test
    void shouldRejectMixedAddressFamilies() {
        assertReason(RejectReason.MIXED_IP_VERSIONS, TCP.replace("DST=69.147.80.15", "DST=2606:4700:4700::1111"));
    }

    @Test
    void shouldRejectUnknownProtocolNames() {
        assertReason(RejectReason.UNKNOWN_PROTO, TCP.replace("PROTO=TCP", "PROTO=FOO"));
        assertReason(RejectReason.UNKNOWN_PROTO, TCP.replace("PROTO=TCP", "PROTO="));
    }

    @Test
    void shouldRejectTcpAndUdpWithoutDestinationPort() {
        assertReason(RejectReason.MISSING_PORT, TCP.replace("DPT=80 ", ""));
        assertReason(RejectReason.MISSING_PORT, ReferenceLines.UDP_DNS.replace("SPT=42896 DPT=53 ", ""));
        assertReason(RejectReason.MISSING_PORT,
            TCP.replace("PROTO=TCP", "PROTO=UDPLITE").replace("DPT=80 ", ""));
    }

    @Test
    void shouldRejectIcmpWithoutTypeOrCode() {
        assertReason(RejectReason.MISSING_ICMP_TYPE, ReferenceLines.ICMP_ECHO.replace("TYPE=8 ", ""));
        assertReason(RejectReason.MISSING_ICMP_TYPE, ReferenceLines.ICMP_ECHO.replace("CODE=0 ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DPT=65536", "DPT=-1", "DPT=8o", "DPT=99999999999999999999", "PROTO=256", "SPT=70000"})
    void shouldRejectOutOfRangeOrNonNumericPortsAsBadNumber(String replacement) {
        String key = replacement.substring(0, replacement.indexOf('='));
        String line = TCP.replaceFirst(key + "=[^ ]+", replacement);
        assertReason(RejectReason.BAD_NUMBER, line);
        assertTrue(rejected(line).detail().contains(replacement.substring(key.length() + 1)));
    }

    @Test
    void shouldRejectOutOfRangeIcmpTypeCodeAndBadMark() {
        assertReason(RejectReason.BAD_NUMBER, ReferenceLines.ICMP_ECHO.replace("TYPE=8", "TYPE=256"));
        assertReason(RejectReason.BAD_NUMBER, ReferenceLines.ICMP_ECHO.replace("CODE=0", "CODE=300"));
        assertReason(RejectReason.BAD_NUMBER, TCP.replace("URGP=0", "MARK=0xzz URGP=0"));
        assertReason(RejectReason.BAD_NUMBER, TCP.replace("URGP=0", "MARK=0x100000000 URGP=0"));
        assertReason(RejectReason.BAD_NUMBER, TCP.replace("URGP=0", "MARK=1234 URGP=0"));
    }

    @Test
    void shouldRejectDuplicatedFields() {
        assertReason(RejectReason.DUPLICATE_FIELD, TCP.replace("DPT=80", "DPT=80 DPT=8080"));
        assertReason(RejectReason.DUPLICATE_FIELD, TCP.replace("WINDOW=", "SRC=10.0.0.1 WINDOW="));
        assertReason(RejectReason.DUPLICATE_FIELD, TCP.replace("OUT=eth0", "OUT=eth0 OUT=eth1"));
        assertReason(RejectReason.DUPLICATE_FIELD, TCP.replace("PROTO=TCP", "PROTO=TCP PROTO=UDP"));
        assertReason(RejectReason.DUPLICATE_FIELD, TCP + " MARK=0x1 MARK=0x2");
    }

    @Test
    void shouldRejectSwappedFieldsAsOutOfOrder() {
        assertReason(RejectReason.OUT_OF_ORDER,
            TCP.replace("SRC=172.16.193.134 DST=69.147.80.15", "DST=69.147.80.15 SRC=172.16.193.134"));
        assertReason(RejectReason.OUT_OF_ORDER, TCP.replace("SPT=45588 DPT=80", "DPT=80 SPT=45588"));
        assertReason(RejectReason.OUT_OF_ORDER, ReferenceLines.ICMP_ECHO.replace("TYPE=8 CODE=0", "CODE=0 TYPE=8"));
    }

    @Test
    void shouldRejectNonFirstFragmentsAndIncompletePacketsAsNoL4Header() {
        assertReason(RejectReason.NO_L4_HEADER,
            HEAD + "SRC=1.2.3.4 DST=5.6.7.8 LEN=1500 TOS=0x00 PREC=0x00 TTL=63 ID=4242 FRAG:185 PROTO=TCP ");
        assertReason(RejectReason.NO_L4_HEADER,
            HEAD + "SRC=::1 DST=::2 LEN=1500 TC=0 HOPLIMIT=63 FLOWLBL=0 FRAG:1448 ID:0000beef PROTO=UDP");
        assertReason(RejectReason.NO_L4_HEADER,
            HEAD + "SRC=1.2.3.4 DST=5.6.7.8 LEN=24 TOS=0x00 PREC=0x00 TTL=63 ID=1 PROTO=ICMP INCOMPLETE [4 bytes] ");
    }
}
