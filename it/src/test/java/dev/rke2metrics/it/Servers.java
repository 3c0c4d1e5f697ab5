package dev.rke2metrics.it;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.S3Server;
import java.util.ArrayList;
import java.util.List;

/** Flags that point sample-app at the test's etcd and S3 servers. */
final class Servers {
  static final String BUCKET = "snapshots";

  private Servers() {}

  /** etcd and local-directory flags for every command. */
  static List<String> etcd(EtcdServer etcd, String dir) {
    return new ArrayList<>(List.of("--endpoints", etcd.endpoints(), "--dir", dir, "--node-name", "node1",
        "--etcd-timeout", "5s"));
  }

  /** S3 flags, as one string for a shell line. */
  static String s3(S3Server s3) {
    return "--s3-bucket " + BUCKET + " --s3-endpoint " + s3.endpoint() + " --s3-path-style"
        + " --s3-access-key " + S3Server.ACCESS_KEY + " --s3-secret-key " + S3Server.SECRET_KEY + " --s3-timeout 5s";
  }
}
