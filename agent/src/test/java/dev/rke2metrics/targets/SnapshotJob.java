package dev.rke2metrics.targets;

import java.io.IOException;
import java.util.List;

/** A stand-in for a snapshot controller: six steps, each one method, as the agent maps them. */
public class SnapshotJob {
  public void save(boolean s3, boolean failS3) throws IOException {
    writeLocal();
    try {
      if (s3) {
        upload(failS3);
      }
    } finally {
      reconcile(s3);
    }
  }

  public void writeLocal() {}

  public void upload(boolean fail) throws IOException {
    if (fail) {
      throw new IOException("S3 unreachable");
    }
  }

  public void reconcile(boolean s3) {
    listLocal();
    if (s3) {
      listS3();
    }
  }

  public List<String> listLocal() {
    return List.of("etcd-snapshot-node-1");
  }

  public List<String> listS3() {
    return List.of("s3://bucket/etcd-snapshot-node-1");
  }
}
