package dev.rke2metrics.it;

import java.nio.file.Path;
import java.util.List;

/** Debian's {@code prometheus-pushgateway} binary on a free loopback port. */
final class PushgatewayServer implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("pushgateway.binary", "/usr/bin/prometheus-pushgateway"));

  private final LoopbackServer server;

  private PushgatewayServer(LoopbackServer server) {
    this.server = server;
  }

  static PushgatewayServer start(Path dir) throws Exception {
    return new PushgatewayServer(LoopbackServer.start(BINARY, "prometheus-pushgateway", dir, List.of()));
  }

  String url() {
    return server.url();
  }

  /** What the Pushgateway serves to Prometheus. */
  String metrics() throws Exception {
    return Scrape.get(url() + "/metrics");
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
  }
}
