package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.Processes;
import dev.rke2metrics.sample.testing.S3Server;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-shot {@code sample-app save} with {@code push.url}: its metrics outlive it in the Pushgateway. */
class PushgatewayIT {
  @Test
  void oneShotSaveLeavesItsSixHistogramsInThePushgateway(@TempDir Path work) throws Exception {
    try (EtcdServer etcd = EtcdServer.start(); S3Server s3 = S3Server.start();
         PushgatewayServer pushgateway = PushgatewayServer.start(work)) {
      s3.createBucket(Servers.BUCKET);
      Path properties = Project.agentProperties(work, Processes.freePort(),
          "push.url=" + pushgateway.url(), "push.job=etcd-snapshot", "push.grouping=instance=node1");
      List<String> args = Servers.etcd(etcd, work.resolve("snapshots").toString());
      args.add(0, "save");
      args.addAll(List.of(Servers.s3(s3).split(" ")));
      try (SampleApp save = SampleApp.start(work, List.of(Project.agentFlag(properties)), args.toArray(new String[0]))) {
        assertEquals(0, save.waitFor(), save.err().toString());
      }
      String pushed = pushgateway.metrics();
      for (String op : List.of("save", "save_local", "save_s3", "reconcile", "reconcile_local", "reconcile_s3")) {
        String line = "rke2_etcd_snapshot_" + op + "_duration_seconds_count{instance=\"node1\",job=\"etcd-snapshot\","
            + "status=\"success\"} 1";
        assertTrue(pushed.contains(line + "\n"), line + " in\n" + pushed);
      }
      assertTrue(pushed.contains("rke2_etcd_snapshot_last_success_timestamp_seconds{instance=\"node1\",job=\"etcd-snapshot\",op=\"save\"}"),
          pushed);
    }
  }

  @Test
  void aLongRunningProcessPushesEveryInterval(@TempDir Path work) throws Exception {
    try (EtcdServer etcd = EtcdServer.start(); PushgatewayServer pushgateway = PushgatewayServer.start(work)) {
      Path properties = Project.agentProperties(work, Processes.freePort(),
          "push.url=" + pushgateway.url(), "push.interval=1s", "push.grouping=instance=node1");
      List<String> args = Servers.etcd(etcd, work.resolve("snapshots").toString());
      args.add(0, "shell");
      try (SampleApp app = SampleApp.start(work, List.of(Project.agentFlag(properties)), args.toArray(new String[0]))) {
        assertEquals("ok reconcile", app.send("reconcile"));
        String line = "rke2_etcd_snapshot_reconcile_duration_seconds_count{instance=\"node1\",job=\"rke2-metrics\","
            + "status=\"success\"} 1\n";
        Processes.await("the periodic push of the first reconcile", java.time.Duration.ofSeconds(30),
            () -> pushed(pushgateway).contains(line));
        assertEquals("ok reconcile", app.send("reconcile"));
        Processes.await("the periodic push of the second reconcile", java.time.Duration.ofSeconds(30),
            () -> pushed(pushgateway).contains(line.replace("} 1\n", "} 2\n")));
        assertEquals(0, app.finish());
      }
    }
  }

  private static String pushed(PushgatewayServer pushgateway) {
    try {
      return pushgateway.metrics();
    } catch (Exception e) {
      return "";
    }
  }
}
