package io.flowpolicy.streams.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

class CalicoLineParserTest {
    private static final String MAC4 = "MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 ";
    private static final String MAC6 = "MAC=ee:ee:ee:ee:ee:ee:5a:3b:9c:10:22:7e:86:dd ";
    private static final String IP4 = "SRC=172.16.193.134 DST=10.96.0.10 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=4242 DF ";
    private static final String IP6 = "SRC=fd00:0010:0244:0001:0000:0000:0000:0005 DST=fd00:0010:0096:0000:0000:0000:0000:000a "
        + "LEN=80 TC=0 HOPLIMIT=63 FLOWLBL=612345 ";

    private final CalicoLineParser parser = new CalicoLineParser();

    static ParsedFlow parsed(CalicoLineParser parser, String line) {
        ParseResult result = parser.parse(line);
        assertInstanceOf(ParseResult.Parsed.class, result, () -> "expected Parsed for " + line + " but got " + result);
        return ((ParseResult.Parsed) result).flow();
    }

    private ParsedFlow parsed(String line) {
        return parsed(parser, line);
    }

    @Test
    void shouldParseRealTcpLine() {
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "69.147.80.15", 4, "TCP", 80, -1, 0L), parsed(ReferenceLines.TCP_HTTP));
    }

    @Test
    void shouldParseRealUdpLineUsingFirstLenForIpHeader() {
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "calid3446e883f0",
            "172.16.193.134", "172.16.193.133", 4, "UDP", 53, -1, 0L), parsed(ReferenceLines.UDP_DNS));
    }

    @Test
    void shouldParseRealIcmpEchoLineWithTypeAsPort() {
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "8.8.8.8", 4, "ICMP", 8, 0, 0L), parsed(ReferenceLines.ICMP_ECHO));
    }

    @Test
    void shouldParseIpv6TcpWithPlaceholderPrefix() {
        assertEquals(new ParsedFlow("calico-packet np payments/egress-logger: ", "np payments/egress-logger", null,
            "cali91f61e25cae", "eth0", "fd00:10:244:1::5", "2606:4700:4700::1111", 6, "TCP", 443, -1, 0L),
            parsed(ReferenceLines.IPV6_PLACEHOLDER));
    }

    @Test
    void shouldRejectUfwLineAsForeign() {
        assertEquals(RejectReason.FOREIGN_LINE, reason(ReferenceLines.UFW_IPV6));
    }

    @Test
    void shouldRejectElidedReferenceSyslogLineForItsPlaceholderAddress() {
        assertEquals(RejectReason.BAD_IP, reason(ReferenceLines.SYSLOG_ELIDED));
    }

    @Test
    void shouldParseBsdSyslogHeaderWithKernelTimestamp() {
        String line = "Sep  5 14:34:40 node-1 kernel: [158271.044316] calico-packet: IN=eth1 OUT= "
            + "MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.168.121.1 DST=192.168.121.10 LEN=60 TOS=0x00 "
            + "PREC=0x00 TTL=64 ID=31337 DF PROTO=TCP SPT=42962 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0";
        assertEquals(new ParsedFlow("calico-packet: ", null, "node-1", "eth1", "", "192.168.121.1",
            "192.168.121.10", 4, "TCP", 22, -1, 0L), parsed(line));
    }

    @Test
    void shouldParseIsoSyslogHeaderOfTheOriginalFluentBitLine() {
        String line = "2026-05-18T10:00:00.123456-08:00 c1-control kernel: " + ReferenceLines.UDP_DNS;
        ParsedFlow flow = parsed(line);
        assertEquals("c1-control", flow.syslogHost());
        assertEquals("calico-packet: ", flow.prefix());
        assertEquals(53, flow.port());
    }

    @Test
    void shouldLeaveSyslogHostUnsetWhenHeaderHasNoHostname() {
        ParsedFlow bsd = parsed("May 18 10:00:00 kernel: " + ReferenceLines.TCP_HTTP);
        assertEquals(null, bsd.syslogHost());
        assertEquals("calico-packet: ", bsd.prefix());
        assertEquals(80, bsd.port());
        ParsedFlow iso = parsed("2026-05-18T10:00:00.123456-08:00 kernel: " + ReferenceLines.TCP_HTTP);
        assertEquals(null, iso.syslogHost());
        assertEquals(null, parsed("May 18 10:00:00.123456 kernel: " + ReferenceLines.TCP_HTTP).syslogHost());
    }

    @Test
    void shouldKeepAddressThatLooksLikeTimeAsSyslogHost() {
        assertEquals("10.0.0.5", parsed("May 18 10:00:00 10.0.0.5 kernel: " + ReferenceLines.TCP_HTTP).syslogHost());
        assertEquals("fd00:10:244:1::5",
            parsed("May 18 10:00:00 fd00:10:244:1::5 kernel: " + ReferenceLines.TCP_HTTP).syslogHost());
    }

    @Test
    void shouldFindPrefixAfterHostThatContainsIt() {
        ParsedFlow flow = parsed("May 18 10:00:00 calico-packet-host kernel: " + ReferenceLines.TCP_HTTP);
        assertEquals("calico-packet-host", flow.syslogHost());
        assertEquals(null, flow.policy());
    }

    @Test
    void shouldTreatPolicyNamedKernelAsPolicyNotSyslogHeader() {
        ParsedFlow flow = parsed(ReferenceLines.TCP_HTTP.replace("calico-packet: ", "calico-packet kernel: "));
        assertEquals(null, flow.syslogHost());
        assertEquals("kernel", flow.policy());
    }

    @Test
    void shouldParseBareNftablesPrefixWithoutSeparator() {
        String line = "calico-packetIN=cali527b0801ecb OUT=eth0 " + MAC4 + IP4
            + "PROTO=TCP SPT=40000 DPT=8443 WINDOW=64240 RES=0x00 SYN URGP=0 ";
        assertEquals(new ParsedFlow("calico-packet", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "10.96.0.10", 4, "TCP", 8443, -1, 0L), parsed(line));
    }

    @Test
    void shouldExposePlaceholderPolicyWithoutKind() {
        ParsedFlow flow = parsed(ReferenceLines.TCP_HTTP.replace("calico-packet: ", "calico-packet allow-dns: "));
        assertEquals("allow-dns", flow.policy());
        assertEquals("calico-packet allow-dns: ", flow.prefix());
    }

    @Test
    void shouldUseConfiguredCustomPrefix() {
        CalicoLineParser custom = new CalicoLineParser("flowlog", 4096);
        ParsedFlow flow = parsed(custom, ReferenceLines.TCP_HTTP.replace("calico-packet: ", "flowlog gnp default.egress: "));
        assertEquals("gnp default.egress", flow.policy());
        assertEquals("flowlog gnp default.egress: ", flow.prefix());
        assertEquals(RejectReason.FOREIGN_LINE, ((ParseResult.Rejected) custom.parse(ReferenceLines.TCP_HTTP)).reason());
    }

    @Test
    void shouldMatchPlaceholderPrefixByItsTextBeforeTheFirstPlaceholder() {
        CalicoLineParser placeholders = new CalicoLineParser("calico-packet %k %p", 8192);
        assertEquals(new ParsedFlow("calico-packet np payments/egress-logger: ", "np payments/egress-logger", null,
            "cali91f61e25cae", "eth0", "fd00:10:244:1::5", "2606:4700:4700::1111", 6, "TCP", 443, -1, 0L),
            parsed(placeholders, ReferenceLines.IPV6_PLACEHOLDER));
        ParsedFlow afterHeader =
            parsed(placeholders, "May 18 10:00:00 node-1 kernel: " + ReferenceLines.IPV6_PLACEHOLDER);
        assertEquals("node-1", afterHeader.syslogHost());
        assertEquals("np payments/egress-logger", afterHeader.policy());
        // Lines logged before the placeholders were configured carry the bare text.
        assertEquals(null, parsed(placeholders, ReferenceLines.TCP_HTTP).policy());
    }

    @Test
    void shouldReportPolicyOfPlaceholderGluedToPrefixText() {
        CalicoLineParser glued = new CalicoLineParser("calico-packet-%n", 8192);
        String line = ReferenceLines.TCP_HTTP.replace("calico-packet: ", "calico-packet-allow-dns: ");
        ParsedFlow flow = parsed(glued, line);
        assertEquals("calico-packet-allow-dns: ", flow.prefix());
        assertEquals("allow-dns", flow.policy());
    }

    @Test
    void shouldFindPrefixThatStartsWithPlaceholderByItsInField() {
        CalicoLineParser placeholders = new CalicoLineParser("%t-%n", 8192);
        String line = ReferenceLines.TCP_HTTP.replace("calico-packet: ", "default-egress-logger: ");
        assertEquals(new ParsedFlow("default-egress-logger: ", "default-egress-logger", null, "cali527b0801ecb", "eth0",
            "172.16.193.134", "69.147.80.15", 4, "TCP", 80, -1, 0L), parsed(placeholders, line));
        ParsedFlow syslog = parsed(placeholders, "Sep  5 14:34:40 node-1 kernel: [158271.044316] " + line);
        assertEquals("node-1", syslog.syslogHost());
        assertEquals("default-egress-logger: ", syslog.prefix());
        assertEquals("default-egress-logger", syslog.policy());
    }

    /** The kernel's own framing, as a fixed prefix accepts it in front, is no part of a prefix without one. */
    @ParameterizedTest
    @ValueSource(strings = {"<5>", "6,1234,5678,-;", "4,88,158271044316,c,extra;", "[Mon Jan 12 10:00:00 2026] ",
        "<4>[158271.044316] "})
    void shouldFindPrefixThatStartsWithPlaceholderBehindTheKernelsFraming(String framing) {
        CalicoLineParser placeholders = new CalicoLineParser("%t-%n", 8192);
        String line = ReferenceLines.TCP_HTTP.replace("calico-packet: ", "default-egress-logger: ");

        ParsedFlow flow = parsed(placeholders, framing + line);

        assertEquals("default-egress-logger: ", flow.prefix());
        assertEquals("default-egress-logger", flow.policy());
        assertEquals(parsed(new CalicoLineParser("default-egress-logger", 8192), framing + line).dstIp(), flow.dstIp());
    }

    @Test
    void shouldParsePlaceholderPrefixThatIptablesCutAtTwentyNineCharacters() {
        // calico-packet np payments/egress-logger: is 41 characters; iptables keeps 29 and so loses the ": ".
        String line = ReferenceLines.IPV6_PLACEHOLDER.replace("calico-packet np payments/egress-logger: IN=",
            "calico-packet np payments/egrIN=");
        ParsedFlow expected = new ParsedFlow("calico-packet np payments/egr", "np payments/egr", null,
            "cali91f61e25cae", "eth0", "fd00:10:244:1::5", "2606:4700:4700::1111", 6, "TCP", 443, -1, 0L);
        assertEquals(expected, parsed(line));
        assertEquals(expected, parsed(new CalicoLineParser("calico-packet %k %p", 8192), line));
        assertEquals("node-1", parsed("Sep  5 14:34:40 node-1 kernel: [158271.044316] " + line).syslogHost());
    }

    @Test
    void shouldParsePrefixesWhosePlaceholdersExpandToDottedNames() {
        String cut = ReferenceLines.TCP_HTTP.replace("calico-packet: IN=", "calico-packet gnp default.egreIN=");
        assertEquals("gnp default.egre", parsed(new CalicoLineParser("calico-packet %k %p", 8192), cut).policy());
        assertEquals("gnp default.egre", parsed(cut).policy());
        String named = ReferenceLines.TCP_HTTP.replace("calico-packet: ", "default-default.egress: ");
        assertEquals("default-default.egress", parsed(new CalicoLineParser("%t-%n", 8192), named).policy());
    }

    @Test
    void shouldParseLinesWithTheKernelsOwnFramingBeforeThePrefix() {
        assertEquals(80, parsed("<4>" + ReferenceLines.TCP_HTTP).port());
        assertEquals(80, parsed("4,1234,5678,-;" + ReferenceLines.TCP_HTTP).port());
    }

    @Test
    void shouldParseCutPrefixThatStartsWithPlaceholder() {
        String line = ReferenceLines.TCP_HTTP.replace("calico-packet: IN=", "default-payments-egress-loggeIN=");
        ParsedFlow flow = parsed(new CalicoLineParser("%t-%n", 8192), line);
        assertEquals("default-payments-egress-logge", flow.prefix());
        assertEquals(80, flow.port());
    }

    @Test
    void shouldParseConfiguredPrefixLongerThanIptablesKeeps() {
        CalicoLineParser longPrefix = new CalicoLineParser("calico-packet-payments-egress-logger", 8192);
        String cut = ReferenceLines.TCP_HTTP.replace("calico-packet: IN=", "calico-packet-payments-egressIN=");
        assertEquals("calico-packet-payments-egress", parsed(longPrefix, cut).prefix());
        assertEquals(null, parsed(longPrefix, cut).policy());
        String nftables = ReferenceLines.TCP_HTTP.replace("calico-packet: ", "calico-packet-payments-egress-logger: ");
        assertEquals("calico-packet-payments-egress-logger: ", parsed(longPrefix, nftables).prefix());
        assertEquals(null, parsed(longPrefix, nftables).policy());
        String header = "May 18 10:00:00 node-1 kernel: ";
        assertEquals("calico-packet-payments-egress", parsed(longPrefix, header + cut).prefix());
        assertEquals("calico-packet-payments-egress-logger: ", parsed(longPrefix, header + nftables).prefix());
        assertEquals(null, parsed(longPrefix, header + nftables).policy());
    }

    @Test
    void shouldTakeLineAndNodeOfJournalEntryShippedAsJson() {
        assertEquals(new ParsedFlow("calico-packet: ", null, "node-1", "cali527b0801ecb", "eth0", "172.16.193.134",
            "69.147.80.15", 4, "TCP", 80, -1, 0L), parsed(ReferenceLines.TCP_HTTP_JOURNAL_JSON));
        assertEquals("node-1", parsed(" \t" + ReferenceLines.TCP_HTTP_JOURNAL_JSON + "\n").syslogHost());
    }

    @Test
    void shouldDecodeEscapesInJournalMessage() {
        String message = ReferenceLines.IPV6_PLACEHOLDER.replace("payments/egress-logger", "payments\\/egress\\u002dlogger");
        ParsedFlow flow = parsed("{\"_HOSTNAME\":\"node-2\",\"MESSAGE\":\"" + message + "\",\"PRIORITY\":\"6\"}");
        assertEquals("np payments/egress-logger", flow.policy());
        assertEquals("node-2", flow.syslogHost());
        assertEquals(443, flow.port());
    }

    @Test
    void shouldLeaveSyslogHostUnsetForJournalJsonWithoutHostname() {
        ParsedFlow flow = parsed(ReferenceLines.TCP_HTTP_JOURNAL_JSON.replace("\"_HOSTNAME\":\"node-1\",", ""));
        assertEquals(null, flow.syslogHost());
        assertEquals(80, flow.port());
    }

    @Test
    void shouldParseTcpWithUidGidMarkAndTrailingSpace() {
        String line = "calico-packet: IN= OUT=eth0 " + IP4
            + "PROTO=TCP SPT=51000 DPT=443 SEQ=1 ACK=0 WINDOW=64240 RES=0x00 CWR ECE SYN URGP=0 OPT (020405B4) "
            + "UID=1000 GID=1000 MARK=0x4000 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "", "eth0", "172.16.193.134", "10.96.0.10", 4,
            "TCP", 443, -1, 0x4000L), parsed(line));
    }

    @Test
    void shouldParseMaximalMarkAsUnsigned() {
        ParsedFlow flow = parsed(ReferenceLines.TCP_HTTP + " MARK=0xffffffff");
        assertEquals(0xffffffffL, flow.mark());
    }

    @Test
    void shouldParseBridgedUdpLiteWithPhysicalInterfaces() {
        String line = "calico-packet: IN=br0 OUT=br0 PHYSIN=veth1 PHYSOUT=eth0 " + MAC4 + IP4
            + "PROTO=UDPLITE SPT=5000 DPT=5001 LEN=28 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "br0", "br0", "172.16.193.134", "10.96.0.10", 4,
            "UDPLite", 5001, -1, 0L), parsed(line));
    }

    @Test
    void shouldParseIpv6UdpDns() {
        String line = "calico-packet: IN=cali91f61e25cae OUT=cali0a1b2c3d4e5 " + MAC6 + IP6
            + "PROTO=UDP SPT=40123 DPT=53 LEN=40 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali91f61e25cae", "cali0a1b2c3d4e5",
            "fd00:10:244:1::5", "fd00:10:96::a", 6, "UDP", 53, -1, 0L), parsed(line));
    }

    @Test
    void shouldParseSctpByNumberWithoutPorts() {
        String line = "calico-packet: IN=cali527b0801ecb OUT=eth0 " + MAC4 + IP4 + "PROTO=132 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "10.96.0.10", 4, "SCTP", -1, -1, 0L), parsed(line));
    }

    @Test
    void shouldParseSctpByNameWithPrintedPorts() {
        String line = "calico-packet: IN=cali91f61e25cae OUT=eth0 " + MAC6 + IP6 + "PROTO=SCTP SPT=3868 DPT=3869 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali91f61e25cae", "eth0", "fd00:10:244:1::5",
            "fd00:10:96::a", 6, "SCTP", 3869, -1, 0L), parsed(line));
    }

    @Test
    void shouldIgnoreInnerPacketOfIcmpError() {
        String line = "calico-packet: IN=cali527b0801ecb OUT=eth0 " + MAC4
            + "SRC=172.16.193.134 DST=10.0.0.1 LEN=576 TOS=0x00 PREC=0xC0 TTL=63 ID=777 PROTO=ICMP TYPE=3 CODE=4 "
            + "[SRC=10.0.0.1 DST=172.16.193.200 LEN=1500 TOS=0x00 PREC=0x00 TTL=62 ID=1 DF PROTO=TCP SPT=443 "
            + "DPT=40000 WINDOW=0 RES=0x00 ACK URGP=0 ] MTU=1400 MARK=0x1 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "10.0.0.1", 4, "ICMP", 3, 4, 1L), parsed(line));
    }

    @Test
    void shouldIgnoreIncompleteInnerPacketOfIcmpError() {
        String line = "calico-packet: IN=cali527b0801ecb OUT=eth0 " + IP4
            + "PROTO=ICMP TYPE=11 CODE=0 [SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=3 PROTO=UDP "
            + "INCOMPLETE [8 bytes] ] MARK=0xd4";
        ParsedFlow flow = parsed(line);
        assertEquals("10.96.0.10", flow.dstIp());
        assertEquals(11, flow.port());
        assertEquals(0xd4, flow.mark());
    }

    @Test
    void shouldParseIcmpv6EchoWithSecondId() {
        String line = "calico-packet: IN=cali91f61e25cae OUT=eth0 " + MAC6 + IP6 + "PROTO=ICMPv6 TYPE=128 CODE=0 ID=42 SEQ=7 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali91f61e25cae", "eth0", "fd00:10:244:1::5",
            "fd00:10:96::a", 6, "ICMPv6", 128, 0, 0L), parsed(line));
    }

    @Test
    void shouldParseIcmpv6PacketTooBigWithInnerPacket() {
        String line = "calico-packet: IN=eth0 OUT=cali91f61e25cae " + MAC6 + IP6 + "PROTO=ICMPv6 TYPE=2 CODE=0 "
            + "[SRC=fd00:0010:0096:0000:0000:0000:0000:000a DST=2001:0db8:0000:0000:0000:0000:0000:0001 LEN=1500 "
            + "TC=0 HOPLIMIT=63 FLOWLBL=0 PROTO=TCP SPT=443 DPT=51724 WINDOW=0 RES=0x00 ACK URGP=0 ] MTU=1280 ";
        ParsedFlow flow = parsed(line);
        assertEquals("fd00:10:244:1::5", flow.srcIp());
        assertEquals("fd00:10:96::a", flow.dstIp());
        assertEquals(2, flow.port());
        assertEquals(0, flow.icmpCode());
    }

    @Test
    void shouldParseIcmpv6MldWithNothingAfterCode() {
        String line = "calico-packet: IN= OUT=eth0 " + IP6 + "PROTO=ICMPv6 TYPE=143 CODE=0 MARK=0xd4";
        ParsedFlow flow = parsed(line);
        assertEquals(143, flow.port());
        assertEquals(0xd4, flow.mark());
    }

    @Test
    void shouldKeepOtherProtocolNumbers() {
        String line = "calico-packet: IN=cali527b0801ecb OUT=eth0 " + IP4 + "PROTO=2 ";
        assertEquals(new ParsedFlow("calico-packet: ", null, null, "cali527b0801ecb", "eth0", "172.16.193.134",
            "10.96.0.10", 4, "2", -1, -1, 0L), parsed(line));
    }

    @Test
    void shouldNameEspAndAhByNumberAsCalicoPoliciesDo() {
        String prefix = "calico-packet: IN=cali527b0801ecb OUT=eth0 " + IP4;
        assertEquals("50", parsed(prefix + "PROTO=ESP SPI=0x1234abcd ").protocol());
        assertEquals("51", parsed(prefix + "PROTO=AH SPI=0x1 ").protocol());
        assertEquals(-1, parsed(prefix + "PROTO=ESP SPI=0x1234abcd ").port());
    }

    @Test
    void shouldParseFirstFragmentWithFlagsAndIpOptions() {
        String line = "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=172.16.193.134 DST=10.96.0.10 LEN=1500 "
            + "TOS=0x00 PREC=0x00 TTL=63 ID=4242 CE MF OPT (07070400000000) PROTO=UDP SPT=5353 DPT=5353 LEN=3000";
        assertEquals(5353, parsed(line).port());
    }

    @Test
    void shouldParseIpv6FirstFragmentHeader() {
        String line = "calico-packet: IN=cali91f61e25cae OUT=eth0 " + IP6
            + "FRAG:0 INCOMPLETE ID:0000beef PROTO=UDP SPT=5353 DPT=5353 LEN=3000";
        assertEquals("UDP", parsed(line).protocol());
    }

    @Test
    void shouldAcceptLowerCaseProtocolAndUpperCaseIpv6() {
        ParsedFlow flow = parsed(ReferenceLines.IPV6_PLACEHOLDER.replace("PROTO=TCP", "PROTO=tcp")
            .replace("2606:4700:4700:0000:0000:0000:0000:1111", "2606:4700:4700:0000:0000:0000:0000:ABCD"));
        assertEquals("TCP", flow.protocol());
        assertEquals("2606:4700:4700::abcd", flow.dstIp());
    }

    @Test
    void shouldTolerateTrailingNewlineAndTabs() {
        assertEquals(80, parsed(ReferenceLines.TCP_HTTP + " \r\n").port());
        assertEquals(80, parsed(ReferenceLines.TCP_HTTP.replace(" DPT=80", "\tDPT=80")).port());
    }

    @Test
    void shouldRejectBadConstructorArgumentsNamingTheValue() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> new CalicoLineParser(" ", 100));
        assertTrue(blank.getMessage().contains("' '"), blank.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
            () -> new CalicoLineParser("[UFW BLOCK]", 100));
        assertTrue(invalid.getMessage().contains("[UFW BLOCK]"), invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CalicoLineParser(null, 100));
        assertThrows(IllegalArgumentException.class, () -> new CalicoLineParser("xIN=", 100));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
            () -> new CalicoLineParser("calico-packet", 0));
        assertTrue(length.getMessage().endsWith(": 0"), length.getMessage());
    }

    private String reason(String line) {
        ParseResult result = parser.parse(line);
        assertInstanceOf(ParseResult.Rejected.class, result, () -> "expected Rejected for " + line);
        return ((ParseResult.Rejected) result).reason();
    }
}
