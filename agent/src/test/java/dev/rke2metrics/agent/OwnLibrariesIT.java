package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar beside an application that carries its own, older ByteBuddy (1.14) and Prometheus
 * client (1.3): both keep working, and the agent's metrics are served on its own port.
 */
class OwnLibrariesIT {
  @Test
  void applicationLibrariesAndAgentWorkSideBySide() throws Exception {
    Path own = Path.of(System.getProperty("own.libraries", "target/own-libraries"));
    String classPath = JvmProcess.TEST_CLASSES + java.io.File.pathSeparator + own.toAbsolutePath() + "/*";
    try (JvmProcess app = JvmProcess.java(List.of(JvmProcess.agentFlag("own-libraries")), classPath,
        "dev.rke2metrics.targets.OwnLibrariesApp")) {
      app.awaitOut("^ready$");
      assertEquals("bytebuddy byte-buddy-1.14.19.jar: made by the app's ByteBuddy",
          app.awaitOut("^bytebuddy .*").group());
      int appPort = Integer.parseInt(app.awaitOut("^prometheus prometheus-metrics-core-1.3.10.jar port=(\\d+)").group(1));
      String appMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + appPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(appMetrics.contains("app_requests_total 3.0"), appMetrics);
      assertTrue(!appMetrics.contains("etcd_snapshot"), "the app's registry holds only its own metrics");

      assertEquals(JvmProcess.RKE2_VERIFICATION, JvmProcess.snapshotCounts(app.agentPort()));
      assertEquals(0, app.finish());
      assertTrue(app.err().stream().noneMatch(line -> line.contains("Exception")), app.err().toString());
    }
  }
}
