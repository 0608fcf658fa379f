package io.flowpolicy.bench;

import java.util.Random;

/** Realistic LOG lines (about 215 characters) with varying addresses and ports, as Calico writes them. */
final class SampleLines {
    private SampleLines() {
    }

    static String[] generate(int count, long seed) {
        Random random = new Random(seed);
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            String src = "10.244." + random.nextInt(4) + "." + (2 + random.nextInt(250));
            int kind = random.nextInt(10);
            if (kind < 5) {
                lines[i] = "calico-packet: IN=cali527b0801ecb OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 "
                    + "SRC=" + src + " DST=" + (1 + random.nextInt(223)) + "." + random.nextInt(256) + ".80.15 LEN=60 "
                    + "TOS=0x00 PREC=0x00 TTL=63 ID=" + random.nextInt(65536) + " DF PROTO=TCP SPT="
                    + (32768 + random.nextInt(28000)) + " DPT=443 WINDOW=64860 RES=0x00 SYN URGP=0 ";
            } else if (kind < 9) {
                lines[i] = "calico-packet: IN=cali527b0801ecb OUT=calid3446e883f0 "
                    + "MAC=ee:ee:ee:ee:ee:ee:1e:0a:36:33:f5:09:08:00 SRC=" + src + " DST=10.244.0.10 LEN=96 TOS=0x00 "
                    + "PREC=0x00 TTL=63 ID=" + random.nextInt(65536) + " DF PROTO=UDP SPT="
                    + (32768 + random.nextInt(28000)) + " DPT=53 LEN=76 ";
            } else {
                lines[i] = "calico-packet np payments/egress-logger: IN=cali91f61e25cae OUT=eth0 "
                    + "MAC=ee:ee:ee:ee:ee:ee:5a:3b:9c:10:22:7e:86:dd SRC=fd00:0010:0244:0001:0000:0000:0000:"
                    + String.format("%04x", random.nextInt(65536)) + " DST=2606:4700:4700:0000:0000:0000:0000:1111 "
                    + "LEN=80 TC=0 HOPLIMIT=63 FLOWLBL=612345 PROTO=TCP SPT=51724 DPT=443 WINDOW=64800 RES=0x00 SYN "
                    + "URGP=0 ";
            }
        }
        return lines;
    }
}
