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
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A condition to poll; an exception counts as "not yet". */
  interface Check {
    boolean done() throws Exception;
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
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    server.awaitTrue("Prometheus /-/ready on port " + port, () -> Scrape.answers200("http://127.0.0.1:" + port + "/-/ready"));
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
  void awaitValue(String promql, String expected) throws Exception {
    awaitTrue(promql + " == " + expected, () -> expected.equals(value(promql)));
  }

  /** Polls a condition, failing at once with Prometheus's log if it exits, or after a minute. */
  void awaitTrue(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited (" + process.exitValue() + ") while waiting for " + what
            + ":\n" + Files.readString(log));
      }
      try {
        if (check.done()) {
          return;
        }
      } catch (Exception e) {
        last = e; // not listening yet, or no data yet
      }
      Thread.sleep(100); // the polling period
    }
    throw new AssertionError("no " + what + " within 60 s (last error: " + last + "):\n" + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
