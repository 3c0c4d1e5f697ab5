package dev.rke2metrics.it;

import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's {@code prometheus-pushgateway} binary on a free loopback port. */
final class PushgatewayServer implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("pushgateway.binary", "/usr/bin/prometheus-pushgateway"));

  private final Process process;
  final int port;

  private PushgatewayServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PushgatewayServer start(Path dir) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install -y prometheus-pushgateway (bin/test does)");
    }
    int port = Processes.freePort();
    Process process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
    Processes.await("Pushgateway /-/ready on port " + port, Duration.ofSeconds(60),
        () -> Scrape.answers200("http://127.0.0.1:" + port + "/-/ready"));
    return new PushgatewayServer(process, port);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What the Pushgateway serves to Prometheus. */
  String metrics() throws Exception {
    return Scrape.get(url() + "/metrics");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
