package dev.rke2metrics.agent;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The agent's HTTP endpoint: the Prometheus client's HTTP server ({@code /metrics} in every format it
 * negotiates, {@code /-/healthy}) on the configured host and port, on its own daemon threads.
 */
final class MetricsEndpoint implements Closeable {
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HTTPServer server;
  private final String url;

  private MetricsEndpoint(HTTPServer server, String url) {
    this.server = server;
    this.url = url;
  }

  static MetricsEndpoint start(String host, int port, PrometheusRegistry registry) throws Exception {
    return start(host, port, registry, new EndpointSecurity());
  }

  static MetricsEndpoint start(String host, int port, PrometheusRegistry registry, EndpointSecurity security)
      throws Exception {
    InetAddress address = InetAddress.getByName(host);
    HttpsConfigurator https = security.httpsConfigurator();
    Authenticator authenticator = security.authenticator();
    HTTPServer server = withNoDelay(() -> {
      HTTPServer.Builder builder = HTTPServer.builder().inetAddress(address).port(port).registry(registry);
      if (https != null) {
        builder.httpsConfigurator(https);
      }
      if (authenticator != null) {
        builder.authenticator(authenticator);
      }
      return builder.buildAndStart();
    });
    String shownHost = address.isAnyLocalAddress() ? "localhost" : hostForUrl(address);
    String scheme = https != null ? "https" : "http";
    return new MetricsEndpoint(server, scheme + "://" + shownHost + ":" + server.getPort() + "/metrics");
  }

  private static String hostForUrl(InetAddress address) {
    String literal = address.getHostAddress();
    return literal.contains(":") ? "[" + literal + "]" : literal;
  }

  /**
   * Without TCP_NODELAY the JDK server answers each scrape ~40 ms late (Nagle and delayed ACK).
   * The JDK reads this property once, when its server first starts; we set it only if the program
   * has not, and take it away again so the program's own properties are as they were.
   */
  private static HTTPServer withNoDelay(ServerStart start) throws IOException {
    boolean ours = System.getProperty(NODELAY) == null;
    if (ours) {
      System.setProperty(NODELAY, "true");
    }
    try {
      return start.run();
    } finally {
      if (ours) {
        System.clearProperty(NODELAY);
      }
    }
  }

  private interface ServerStart {
    HTTPServer run() throws IOException;
  }

  int port() {
    return server.getPort();
  }

  String url() {
    return url;
  }

  @Override
  public void close() {
    server.close();
  }
}
