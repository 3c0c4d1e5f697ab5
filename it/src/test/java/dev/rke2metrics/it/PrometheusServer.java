package dev.rke2metrics.it;

import dev.rke2metrics.sample.testing.Processes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus} binary on a free loopback port, scraping the given targets every
 * second, with its HTTP API for queries.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Prometheus scraping {@code 127.0.0.1:<targetPort>} as job {@code rke2-metrics}. */
  static PrometheusServer scraping(Path dir, int targetPort) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install -y prometheus (bin/test does)");
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "scrape_configs:",
        "  - job_name: rke2-metrics",
        "    static_configs: [{targets: ['127.0.0.1:" + targetPort + "']}]", ""));
    int port = Processes.freePort();
    Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port);
    Processes.await("Prometheus /-/ready on port " + port, Duration.ofSeconds(60),
        () -> Scrape.answers200("http://127.0.0.1:" + port + "/-/ready"));
    return server;
  }

  /** The raw JSON answer of an instant query. */
  String query(String promql) throws IOException, InterruptedException {
    return Scrape.get("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
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
  void awaitValue(String promql, String expected) {
    Processes.await(promql + " == " + expected, Duration.ofSeconds(60), () -> {
      try {
        return expected.equals(value(promql));
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
