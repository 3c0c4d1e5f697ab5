package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-running mode: {@code sample-app serve} on a per-second schedule with the agent. The count of
 * saves the agent reports is exactly the number of saves the program printed, and SIGTERM stops it
 * cleanly with the metrics served until then.
 */
class ServeIT {
  static List<String> serveArgs(EtcdServer etcd, Path dir) {
    List<String> args = new ArrayList<>(List.of("serve", "--schedule", "* * * * * *", "--reconcile-interval", "1h",
        "--retention", "1000"));
    args.addAll(Servers.etcd(etcd, dir.toString()));
    return args;
  }

  /**
   * The program's count of "saved" lines and the agent's save count, read when no save finished in
   * between: two readings in a row that agree, with at least {@code atLeast} lines.
   */
  static long[] stableReading(SampleApp app, int port, long atLeast) {
    long[][] last = {null};
    long[] agreed = new long[2];
    Processes.await("a stable reading of saved lines and the agent's count (>= " + atLeast + " lines)",
        Duration.ofSeconds(60), () -> {
          try {
            long[] now = {app.countOut("^saved "), Scrape.count(port, "save", "success")};
            boolean stable = last[0] != null && last[0][0] == now[0] && last[0][1] == now[1] && now[0] >= atLeast;
            last[0] = now;
            agreed[0] = now[0];
            agreed[1] = now[1];
            return stable;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return agreed;
  }

  @Test
  void scheduledSavesAreCountedExactlyAndSigtermStopsCleanly(@TempDir Path work) throws Exception {
    int port = Processes.freePort();
    try (EtcdServer etcd = EtcdServer.start();
         SampleApp app = SampleApp.start(work, List.of(Project.agentFlag(Project.agentProperties(work, port))),
             serveArgs(etcd, work.resolve("snapshots")).toArray(new String[0]))) {
      app.awaitOut("^serving");
      long[] reading = stableReading(app, port, 3);
      assertEquals(reading[0], reading[1], "saves printed vs saves counted");
      assertTrue(Scrape.count(port, "reconcile", "success") >= reading[1] + 1, "a reconcile at start and one per save");
      assertEquals(0, Scrape.count(port, "save", "error"));
      assertEquals(0, app.countOut("^save failed"));

      app.terminate();
      assertEquals(143, app.waitFor());
      assertEquals("stopped", app.out().get(app.out().size() - 1));
    }
  }
}
