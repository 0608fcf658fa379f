package io.flowpolicy.local.generate;

/**
 * The deliberately broken lines of a generated data set, modelled on what really reaches Loki: a line cut short
 * by a full buffer, and a line whose address was mangled. Each must be rejected by the parser, never read as a
 * flow with a shortened address.
 */
final class MalformedLines {
    private MalformedLines() {
    }

    /**
     * A broken copy of a good line; the kind cycles with {@code index}: 0 cut right after {@code DST=},
     * 1 an impossible IPv4 source, 2 cut inside the source address.
     */
    static String corrupt(String line, int index) {
        int src = line.indexOf(" SRC=");
        int dst = line.indexOf(" DST=");
        return switch (index % 3) {
            case 0 -> line.substring(0, dst + 5);
            case 1 -> line.substring(0, src) + " SRC=10.244.300.7" + line.substring(dst);
            default -> line.substring(0, src + 9);
        };
    }
}
