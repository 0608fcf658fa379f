package io.flowpolicy.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** {@code --serve} of analyze and demo: keep the dashboard, API and /metrics up after the analysis. */
final class ServeOptions {
    @Option(names = "--serve",
        description = "After the analysis, keep serving the dashboard, API and /metrics until Ctrl-C.")
    boolean serve;

    @Option(names = "--http-port", defaultValue = "8080",
        description = "Port of the dashboard with --serve. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address the dashboard binds to with --serve (0.0.0.0 to share it). Default: ${DEFAULT-VALUE}.")
    String httpBind;

    /** @throws IllegalArgumentException naming the option when the port or address is unusable */
    InetSocketAddress bind() {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + httpPort);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(httpBind), httpPort);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http-bind: cannot resolve '" + httpBind + "'", e);
        }
    }

    /** The address a browser on this machine opens. */
    static URI dashboardUrl(InetSocketAddress bind, int port) {
        InetAddress address = bind.getAddress();
        String host = address.isAnyLocalAddress() || address.isLoopbackAddress() ? "localhost"
            : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port + "/");
    }
}
