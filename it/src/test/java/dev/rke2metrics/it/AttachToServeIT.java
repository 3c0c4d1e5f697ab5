package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar rke2-metrics.jar attach PID ...} on a running {@code sample-app serve}. */
class AttachToServeIT {
  @Test
  void savesAfterTheAttachAreCountedAndSavesBeforeAreNot(@TempDir Path work) throws Exception {
    int port = Processes.freePort();
    try (EtcdServer etcd = EtcdServer.start();
         SampleApp app = SampleApp.start(work, List.of(),
             ServeIT.serveArgs(etcd, work.resolve("snapshots")).toArray(new String[0]))) {
      app.awaitOut("^saved ");
      long savedBeforeAttach = app.countOut("^saved ");
      Path properties = Project.agentProperties(work, port);
      Processes.Result attach = Processes.run(Duration.ofSeconds(60), List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Project.AGENT_JAR.toString(),
          "attach", String.valueOf(app.pid()), properties.toString()));
      assertEquals(0, attach.exitCode(), attach.stderr());
      assertTrue(attach.stdout().startsWith("rke2-metrics: attached to PID " + app.pid()), attach.stdout());
      assertEquals(port, app.agentPort());

      Processes.await("a first save counted", Duration.ofSeconds(60), () -> {
        try {
          return Scrape.count(port, "save", "success") >= 1;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long[] first = ServeIT.stableReading(app, port, 0);
      assertTrue(first[1] <= first[0] - savedBeforeAttach,
          first[1] + " counted, " + first[0] + " saved in all, " + savedBeforeAttach + " before the attach");
      long[] later = ServeIT.stableReading(app, port, first[0] + 2);
      assertEquals(later[0] - first[0], later[1] - first[1], "every save after the attach is counted once");
      app.terminate();
      assertEquals(143, app.waitFor());
    }
  }
}
