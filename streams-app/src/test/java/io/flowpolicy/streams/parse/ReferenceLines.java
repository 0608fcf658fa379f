package io.flowpolicy.streams.parse;

import java.util.List;

/** The example lines of {@code shared/reference/calico-flow-lines.md} section 1.3, verbatim. */
final class ReferenceLines {
    static final String TCP_HTTP = "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=172.16.193.134 DST=69.147.80.15 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=58406 DF PROTO=TCP SPT=45588 DPT=80 WINDOW=64860 RES=0x00 SYN URGP=0";
    static final String UDP_DNS = "calico-packet: IN=cali527b0801ecb OUT=calid3446e883f0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=172.16.193.134 DST=172.16.193.133 LEN=96 TOS=0x00 PREC=0x00 TTL=63 ID=19241 DF PROTO=UDP SPT=42896 DPT=53 LEN=76";
    static final String ICMP_ECHO = "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=172.16.193.134 DST=8.8.8.8 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=48210 DF PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1";
    static final String IPV6_PLACEHOLDER = "calico-packet np payments/egress-logger: IN=cali91f61e25cae OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:5a:3b:9c:10:22:7e:86:dd SRC=fd00:0010:0244:0001:0000:0000:0000:0005 DST=2606:4700:4700:0000:0000:0000:0000:1111 LEN=80 TC=0 HOPLIMIT=63 FLOWLBL=612345 PROTO=TCP SPT=51724 DPT=443 WINDOW=64800 RES=0x00 SYN URGP=0";
    /** Elided with "…" in the reference, so not a complete line; it is foreign either way. */
    static final String UFW_IPV6 = "[UFW BLOCK] IN=wlo1 OUT= MAC=cc:d9:…:86:dd SRC=fe80:0000:0000:0000:0a2e:5fff:fef1:0063 DST=fe80:0000:… LEN=2330 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=UDP SPT=3702 DPT=43887 LEN=2290 ";
    /** Elided with "…" in the reference where MAC and addresses would be. */
    static final String SYSLOG_ELIDED = "Sep  5 14:34:40 node-1 kernel: [158271.044316] calico-packet: IN=eth1 OUT= MAC=… SRC=… PROTO=TCP SPT=42962 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0";

    /**
     * {@link #TCP_HTTP} as Grafana Alloy's {@code loki.source.journal} with {@code format_as_json = true} ships it:
     * every journal field of the kernel record (reference section 1.4), keys sorted as Go's encoder writes a map.
     */
    static final String TCP_HTTP_JOURNAL_JSON = "{\"MESSAGE\":\"" + TCP_HTTP + " \",\"PRIORITY\":\"5\",\"SYSLOG_FACILITY\":\"0\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_BOOT_ID\":\"3f1e0c7a9b2d4e6f8a0b1c2d3e4f5a6b\",\"_HOSTNAME\":\"node-1\",\"_MACHINE_ID\":\"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"158271044316\",\"_TRANSPORT\":\"kernel\"}";

    static final List<String> PARSEABLE = List.of(TCP_HTTP, UDP_DNS, ICMP_ECHO, IPV6_PLACEHOLDER);

    private ReferenceLines() {
    }
}
