package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RKE2's verification, verbatim: sample-app run with
 * {@code -javaagent:agent/target/rke2-metrics.jar=sample-app/rke2-metrics.properties} against a real
 * etcd and a real S3 server reconciles twice, saves once with S3, and
 * {@code curl -s localhost:9345/metrics | grep 'etcd_snapshot_.*_count'} prints RKE2's six lines.
 */
class Rke2VerificationIT extends WithEtcdAndS3 {
  @Test
  void countsAreRke2sAndTheSnapshotsAreValid(@TempDir Path work) throws Exception {
    Path dir = work.resolve("snapshots");
    List<String> args = Servers.etcd(etcd, dir.toString());
    args.add(0, "shell");
    try (SampleApp app = SampleApp.start(work,
        List.of("-javaagent:agent/target/rke2-metrics.jar=sample-app/rke2-metrics.properties"),
        args.toArray(new String[0]))) {
      app.awaitErr("^rke2-metrics: serving http://localhost:9345/metrics \\(6 mappings from .*sample-app/rke2-metrics.properties\\)$");
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok save", app.send("save " + Servers.s3(s3)));

      assertEquals(Project.RKE2_VERIFICATION, Scrape.curlGrep(9345));

      List<Path> local;
      try (Stream<Path> files = Files.list(dir)) {
        local = files.collect(Collectors.toList());
      }
      assertEquals(1, local.size(), local.toString());
      Path snapshot = local.get(0);
      assertTrue(snapshot.getFileName().toString().matches("etcd-snapshot-node1-\\d+"), snapshot.toString());
      assertTrue(EtcdServer.snapshotStatus(snapshot).contains("\"totalKey\""));

      assertEquals(List.of(snapshot.getFileName().toString()), s3.keys(Servers.BUCKET));
      byte[] uploaded = s3.read(Servers.BUCKET, snapshot.getFileName().toString());
      assertArrayEquals(Files.readAllBytes(snapshot), uploaded);
      Path fromS3 = Files.write(work.resolve("from-s3.db"), uploaded);
      assertTrue(EtcdServer.snapshotStatus(fromS3).contains("\"totalKey\""));

      assertEquals(0, app.finish());
    }
  }
}
