package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.Processes;
import dev.rke2metrics.sample.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are counted as errors and nothing is lost: S3 down, etcd unreachable, a cluster member gone. */
class FailuresIT {
  @TempDir
  Path work;

  private SampleApp shell(EtcdServer etcd, Path dir, int agentPort) throws Exception {
    List<String> args = Servers.etcd(etcd, dir.toString());
    args.add(0, "shell");
    return SampleApp.start(work, List.of(Project.agentFlag(Project.agentProperties(work, agentPort))),
        args.toArray(new String[0]));
  }

  private static List<String> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void s3DownIsAnErrorTheLocalSnapshotIsKeptAndTheNextSaveSucceeds() throws Exception {
    Path dir = work.resolve("snapshots");
    int port = Processes.freePort();
    try (EtcdServer etcd = EtcdServer.start(); S3Server s3 = S3Server.start(); SampleApp app = shell(etcd, dir, port)) {
      s3.createBucket(Servers.BUCKET);
      s3.stop();
      assertTrue(app.send("save " + Servers.s3(s3)).startsWith("error save: "), app.out().toString());
      assertEquals(1, Scrape.count(port, "save_s3", "error"));
      assertEquals(1, Scrape.count(port, "save", "error"));
      assertEquals(1, Scrape.count(port, "save_local", "success"));
      List<String> kept = files(dir);
      assertEquals(1, kept.size(), "the local snapshot is kept: " + kept);
      assertTrue(EtcdServer.snapshotStatus(dir.resolve(kept.get(0))).contains("\"totalKey\""));

      s3.restart();
      assertEquals("ok save", app.send("save " + Servers.s3(s3)));
      assertEquals(1, Scrape.count(port, "save_s3", "success"));
      assertEquals(1, Scrape.count(port, "save", "success"));
      assertEquals(2, files(dir).size(), "both snapshots are kept: " + files(dir));
      assertTrue(files(dir).containsAll(kept));
      assertEquals(1, s3.keys(Servers.BUCKET).size());
      assertEquals(0, app.finish());
    }
  }

  @Test
  void etcdUnreachableIsAnErrorAndLeavesNoPartialFile() throws Exception {
    Path dir = work.resolve("snapshots");
    int port = Processes.freePort();
    try (EtcdServer etcd = EtcdServer.start(); SampleApp app = shell(etcd, dir, port)) {
      String nowhere = "http://127.0.0.1:" + Processes.freePort();
      assertTrue(app.send("save --endpoints " + nowhere).startsWith("error save: "), app.out().toString());
      assertEquals(1, Scrape.count(port, "save", "error"));
      assertEquals(1, Scrape.count(port, "save_local", "error"));
      assertEquals(0, Scrape.count(port, "save_local", "success"));
      assertEquals(List.of(), files(dir), "no snapshot and no partial file");
      assertEquals(0, app.finish());
    }
  }

  @Test
  void savesKeepSucceedingWithOneOfThreeMembersKilled() throws Exception {
    Path dir = work.resolve("snapshots");
    int port = Processes.freePort();
    try (EtcdServer cluster = EtcdServer.startCluster(3); SampleApp app = shell(cluster, dir, port)) {
      assertEquals("ok save", app.send("save"));
      cluster.kill(0);
      assertEquals("ok save", app.send("save"));
      assertEquals("ok save", app.send("save"));
      assertEquals(3, Scrape.count(port, "save", "success"));
      assertEquals(0, Scrape.count(port, "save", "error"));
      for (String snapshot : files(dir)) {
        assertTrue(EtcdServer.snapshotStatus(dir.resolve(snapshot)).contains("\"totalKey\""), snapshot);
      }
      assertEquals(3, files(dir).size());
      assertEquals(0, app.finish());
    }
  }
}
