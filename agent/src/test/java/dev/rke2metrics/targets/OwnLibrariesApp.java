package dev.rke2metrics.targets;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A program with its own (older) ByteBuddy and Prometheus client on its class path, run with the
 * agent: both must keep working as they would without it.
 */
public final class OwnLibrariesApp {
  private OwnLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    Class<?> generated = new ByteBuddy().subclass(Object.class)
        .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's ByteBuddy"))
        .make().load(OwnLibrariesApp.class.getClassLoader()).getLoaded();
    System.out.println("bytebuddy " + jarOf(ByteBuddy.class) + ": " + generated.getConstructor().newInstance());

    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests = Counter.builder().name("app_requests").help("Requests the app served.").register(registry);
    requests.inc(3);
    try (HTTPServer server = HTTPServer.builder().port(0).registry(registry).buildAndStart()) {
      System.out.println("prometheus " + jarOf(Counter.class) + " port=" + server.getPort());
      SnapshotJob job = new SnapshotJob();
      job.reconcile(false);
      job.reconcile(false);
      job.save(true, false);
      System.out.println("ready");
      while (System.in.read() >= 0) {
        // serve until the test closes stdin
      }
    }
  }

  private static String jarOf(Class<?> type) throws IOException {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", "");
  }
}
