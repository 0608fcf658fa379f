package io.flowpolicy.streams.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server on loopback for tests: Debian's dnsmasq serving only the records given (no upstream, no
 * /etc/hosts), in the foreground, stopped by {@link #close}.
 */
public final class Dnsmasq implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final InetSocketAddress address;
    private final Path hostsFile;
    private final Path log;

    private Dnsmasq(Process process, InetSocketAddress address, Path hostsFile, Path log) {
        this.process = process;
        this.address = address;
        this.hostsFile = hostsFile;
        this.log = log;
    }

    /**
     * Starts dnsmasq on 127.0.0.1 and a free port and waits (with a deadline) until it answers.
     *
     * @param hosts   lines of a hosts file ({@code <ip> <name>}): A/AAAA and PTR records
     * @param options further dnsmasq options, e.g. {@code --address=/cdn.example.net/5.6.7.8}; the records' TTL is
     *                60 s unless they set {@code --local-ttl}
     * @throws AssertionError naming the package when dnsmasq is not installed
     */
    public static Dnsmasq start(Path workDir, List<String> hosts, List<String> options) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("DNS tests need dnsmasq at " + BINARY
                + ": install Debian's package with `apt-get install -y dnsmasq-base` (.ci/run does this)");
        }
        Path hostsFile = workDir.resolve("dnsmasq.hosts");
        Files.write(hostsFile, hosts, StandardCharsets.UTF_8);
        Path log = workDir.resolve("dnsmasq.log");
        // dnsmasq binds the port for UDP and TCP; a port free for UDP can be taken for TCP (a broker, say), and any
        // probed port can be taken before dnsmasq binds it: try another port then.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn(freeUdpPort(), hostsFile, log, options);
            } catch (AssertionError e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static Dnsmasq startOn(int port, Path hostsFile, Path log, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
            "--no-resolv", "--no-hosts", "--addn-hosts=" + hostsFile, "--listen-address=127.0.0.1", "--bind-interfaces",
            "--port=" + port, "--pid-file=", "--user=" + System.getProperty("user.name"), "--log-facility=-"));
        // dnsmasq refuses a repeated flag: the default TTL only when the test did not choose one.
        if (options.stream().noneMatch(o -> o.startsWith("--local-ttl"))) {
            command.add("--local-ttl=60");
        }
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Dnsmasq dnsmasq = new Dnsmasq(process, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            hostsFile, log);
        dnsmasq.awaitAnswering();
        return dnsmasq;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Serves {@code hosts} instead of the records it served, on the same address: rewrites the hosts file and sends
     * SIGHUP, on which dnsmasq re-reads it and clears its cache. Returns once every name of {@code hosts} answers
     * with exactly its addresses (with a deadline), so a test can move a name from one address to another while a
     * client keeps the server's address.
     *
     * @param hosts lines of a hosts file ({@code <ip> <name>}), addresses in canonical form
     */
    public void reload(List<String> hosts) throws Exception {
        Files.write(hostsFile, hosts, StandardCharsets.UTF_8);
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true)
            .start();
        if (!hup.waitFor(5, TimeUnit.SECONDS) || hup.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed: " + new String(
                hup.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String line : hosts) {
            String[] fields = line.trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                expected.computeIfAbsent(fields[i], n -> new TreeSet<>()).add(fields[0]);
            }
        }
        Instant deadline = Instant.now().plus(STARTUP);
        DnsClient probe = new DnsClient(address, Duration.ofMillis(200), 1);
        for (Map.Entry<String, Set<String>> name : expected.entrySet()) {
            while (!name.getValue().equals(new TreeSet<>(answers(probe, name.getKey())))) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("dnsmasq did not answer " + name + " within " + STARTUP
                        + " of the reload: " + Files.readString(log));
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private static List<String> answers(DnsClient probe, String name) {
        try {
            return probe.addresses(name).values();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private void awaitAnswering() throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        DnsClient probe = new DnsClient(address, Duration.ofMillis(200), 1);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("dnsmasq exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                probe.reverse("127.0.0.1");
                return;
            } catch (RuntimeException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new AssertionError("dnsmasq did not answer within " + STARTUP + ": " + Files.readString(log),
                        notYet);
                }
            }
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
