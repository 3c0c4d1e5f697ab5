package dev.rke2metrics.it;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus} binary on a free loopback port, scraping the given target every
 * second, with its HTTP API for queries.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

  private final LoopbackServer server;

  private PrometheusServer(LoopbackServer server) {
    this.server = server;
  }

  /** Starts Prometheus scraping {@code 127.0.0.1:<targetPort>} as job {@code rke2-metrics}. */
  static PrometheusServer scraping(Path dir, int targetPort) throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "scrape_configs:",
        "  - job_name: rke2-metrics",
        "    static_configs: [{targets: ['127.0.0.1:" + targetPort + "']}]", ""));
    return new PrometheusServer(LoopbackServer.start(BINARY, "prometheus", dir, List.of("--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")))));
  }

  /** The raw JSON answer of an instant query. */
  String query(String promql) throws IOException, InterruptedException {
    return Scrape.get(server.url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The value of a query that returns one sample, or null when it returns none. */
  String value(String promql) throws IOException, InterruptedException {
    String answer = query(promql);
    if (!answer.contains("\"status\":\"success\"")) {
      throw new IllegalStateException("query " + promql + " failed: " + answer);
    }
    Matcher matcher = VALUE.matcher(answer);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** Waits until a query's single value is the expected one (the first scrapes take a second or two). */
  void awaitValue(String promql, String expected) throws Exception {
    awaitTrue(promql + " == " + expected, () -> expected.equals(value(promql)));
  }

  /** Polls a condition, failing at once with Prometheus's log if it exits, or after a minute. */
  void awaitTrue(String what, LoopbackServer.Check check) throws Exception {
    server.awaitTrue(what, check);
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
  }
}
