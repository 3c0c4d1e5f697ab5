package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strict=true}: a configuration problem stops the program before main, with a non-zero exit. */
class StrictModeIT {
  @Test
  void configurationProblemExitsBeforeMain() throws Exception {
    try (JvmProcess app = JvmProcess.java(List.of(JvmProcess.agentFlag("strict")),
        JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", "system")) {
      int exit = app.finish();
      assertNotEquals(0, exit);
      assertEquals(List.of(), app.out(), "main never ran");
      String file = JvmProcess.RESOURCES.resolve("strict/agent.properties").toString();
      assertTrue(app.err().get(0).startsWith("rke2-metrics: " + file + ": unknown key 'save.S3'"), app.err().toString());
      assertEquals("rke2-metrics: strict=true: stopping before main", app.err().get(2));
    }
  }

  @Test
  void busyPortExitsBeforeMain(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path file = dir.resolve("strict-busy.properties");
      Files.writeString(file, "strict=true\nhost=127.0.0.1\nport=" + busy.getLocalPort()
          + "\nsave.total=dev.rke2metrics.targets.SnapshotJob#save\n");
      try (JvmProcess app = JvmProcess.java(List.of("-javaagent:" + JvmProcess.AGENT_JAR + "=" + file),
          JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", "system")) {
        assertNotEquals(0, app.finish());
        assertEquals(List.of(), app.out(), "main never ran");
        assertTrue(app.err().get(0).startsWith("rke2-metrics: cannot serve metrics on 127.0.0.1 port "
            + busy.getLocalPort() + " (from " + file + "): "), app.err().toString());
        assertEquals("rke2-metrics: strict=true: stopping before main", app.err().get(1));
      }
    }
  }
}
