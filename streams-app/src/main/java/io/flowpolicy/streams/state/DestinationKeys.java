package io.flowpolicy.streams.state;

/**
 * Keys of the destination store: {@code <namespace> NUL <peer id> NUL <protocol> NUL <port>}. The namespace comes
 * first so that one prefix scan lists a namespace's rules; NUL cannot occur in namespaces or peer ids.
 */
public final class DestinationKeys {
    static final char SEPARATOR = '\u0000';

    private DestinationKeys() {
    }

    public static String of(String namespace, String peerId, String protocol, int port) {
        return namespace + SEPARATOR + peerId + SEPARATOR + protocol + SEPARATOR + port;
    }

    public static String namespaceOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    public static String namespacePrefix(String namespace) {
        return namespace + SEPARATOR;
    }
}
