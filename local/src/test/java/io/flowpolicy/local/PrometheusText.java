package io.flowpolicy.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** One scrape of a Prometheus text endpoint: samples by series ({@code name{labels}}), and polling helpers. */
record PrometheusText(Map<String, Double> samples) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusText(samples);
    }

    /** GETs {@code url}; fails on any status but 200. */
    static PrometheusText scrape(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /** Scrapes until {@code done} holds or the deadline passes, then returns the last scrape. */
    static PrometheusText awaitScrape(URI url, Duration timeout, Predicate<PrometheusText> done)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PrometheusText last = new PrometheusText(Map.of());
        while (System.nanoTime() < deadline) {
            try {
                last = scrape(url);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException notYetListening) {
                // the command is still starting: its endpoint comes up before the broker is contacted
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The sum over every series of {@code name} (any labels); 0 when there is none. */
    double sum(String name) {
        return samples.entrySet().stream().filter(e -> nameOf(e.getKey()).equals(name))
            .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The value of one series, e.g. {@code flowpolicy_ingest_lines_read_total{source="loki"}}; NaN when absent. */
    double value(String series) {
        return samples.getOrDefault(series, Double.NaN);
    }

    /** The sample names (without labels). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(k -> names.add(nameOf(k)));
        return names;
    }

    private static String nameOf(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }
}
