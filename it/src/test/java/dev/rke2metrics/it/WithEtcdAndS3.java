package dev.rke2metrics.it;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real etcd and a real S3 server (with the bucket made) for all the tests of a class. */
abstract class WithEtcdAndS3 {
  static EtcdServer etcd;
  static S3Server s3;

  @BeforeAll
  static void startServers() {
    etcd = EtcdServer.start();
    s3 = S3Server.start();
    s3.createBucket(Servers.BUCKET);
  }

  @AfterAll
  static void stopServers() {
    s3.close();
    etcd.close();
  }
}
