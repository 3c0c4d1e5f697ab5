package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mapped classes loaded by the application loader, by a loader whose parent is the bootstrap
 * loader, and by a Spring-Boot-style nested-jar loader: each is timed, in a real agent JVM.
 */
class ClassLoadersIT {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"system", "isolated", "nested"})
  void everyLoaderIsTimed(String loader) throws Exception {
    String mode = loader.equals("nested") ? "nested:" + nestedJar() : loader;
    try (JvmProcess app = JvmProcess.java(List.of(JvmProcess.agentFlag("class-loaders")),
        JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", mode)) {
      String ready = app.awaitOut("^ready .*").group();
      assertTrue(ready.contains(expectedLoader(loader)), ready);
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok save", app.send("save"));
      assertEquals(JvmProcess.RKE2_VERIFICATION, JvmProcess.snapshotCounts(app.agentPort()));
      assertEquals(0, app.finish());
    }
  }

  private static String expectedLoader(String loader) {
    switch (loader) {
      case "system": return "loader=jdk.internal.loader.ClassLoaders$AppClassLoader";
      case "isolated": return "loader=java.net.URLClassLoader";
      default: return "loader=dev.rke2metrics.targets.NestedJarClassLoader";
    }
  }

  @Test
  void errorsThroughAnIsolatedLoaderAreCountedAndTheExceptionReachesTheCaller() throws Exception {
    try (JvmProcess app = JvmProcess.java(List.of(JvmProcess.agentFlag("class-loaders")),
        JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", "isolated")) {
      assertEquals("error save-failing-s3: java.io.IOException: S3 unreachable", app.send("save-failing-s3"));
      int port = app.agentPort();
      List<String> counts = JvmProcess.snapshotCounts(port);
      assertTrue(counts.contains("rke2_etcd_snapshot_save_duration_seconds_count{status=\"error\"} 1"), counts.toString());
      assertTrue(counts.contains("rke2_etcd_snapshot_save_s3_duration_seconds_count{status=\"error\"} 1"), counts.toString());
      assertTrue(counts.contains("rke2_etcd_snapshot_save_local_duration_seconds_count{status=\"success\"} 1"), counts.toString());
      assertEquals(0, app.finish());
    }
  }

  /** outer.jar holding BOOT-INF/lib/job.jar, which holds the SnapshotJob class. */
  private Path nestedJar() throws IOException {
    String entry = "dev/rke2metrics/targets/SnapshotJob.class";
    Path inner = dir.resolve("job.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(inner))) {
      jar.putNextEntry(new JarEntry(entry));
      jar.write(Files.readAllBytes(JvmProcess.TEST_CLASSES.resolve(entry)));
      jar.closeEntry();
    }
    Path outer = dir.resolve("outer.jar");
    try (OutputStream file = Files.newOutputStream(outer); JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry("BOOT-INF/lib/job.jar"));
      jar.write(Files.readAllBytes(inner));
      jar.closeEntry();
    }
    return outer;
  }
}
