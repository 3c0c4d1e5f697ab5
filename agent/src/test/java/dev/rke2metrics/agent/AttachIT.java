package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar rke2-metrics.jar attach PID agent.properties} on a running JVM. */
class AttachIT {
  private static JvmProcess attach(String... args) throws Exception {
    return JvmProcess.java(List.of(), null, "-jar", prepend(JvmProcess.AGENT_JAR.toString(), args));
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 2];
    all[0] = first;
    all[1] = "attach";
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  @Test
  void callsAfterTheAttachAreCountedAndCallsBeforeAreNot() throws Exception {
    try (JvmProcess app = JvmProcess.java(List.of(), JvmProcess.TEST_CLASSES.toString(),
        "dev.rke2metrics.targets.SnapshotApp", "system")) {
      app.awaitOut("^ready ");
      assertEquals("ok save", app.send("save")); // before: the class is loaded and runs untimed
      String config = JvmProcess.RESOURCES.resolve("attach/agent.properties").toString();
      try (JvmProcess attacher = attach(String.valueOf(app.pid()), config)) {
        assertEquals(0, attacher.waitFor(), attacher.err().toString());
        assertTrue(attacher.out().get(0).startsWith("rke2-metrics: attached to PID " + app.pid() + " with " + config),
            attacher.out().toString());
      }
      int port = app.agentPort();
      app.send("reconcile");
      app.send("reconcile");
      app.send("save");
      assertEquals(JvmProcess.RKE2_VERIFICATION, JvmProcess.snapshotCounts(port));
      assertEquals(0, app.finish());
    }
  }

  @Test
  void wrongPidIsAClearErrorAndNonZeroExit() throws Exception {
    String config = JvmProcess.RESOURCES.resolve("attach/agent.properties").toString();
    try (JvmProcess attacher = attach("999999999", config)) {
      assertEquals(1, attacher.waitFor());
      assertEquals(List.of("rke2-metrics: no running process has PID 999999999"), attacher.err());
    }
    try (JvmProcess attacher = attach("12ab", config)) {
      assertEquals(1, attacher.waitFor());
      assertEquals(List.of("rke2-metrics: '12ab' is not a process ID"), attacher.err());
    }
  }

  @Test
  void badConfigurationIsReportedBeforeAttaching() throws Exception {
    String config = JvmProcess.RESOURCES.resolve("bad-config/bad-port.properties").toString();
    long self = ProcessHandle.current().pid();
    try (JvmProcess attacher = attach(String.valueOf(self), config)) {
      assertEquals(1, attacher.waitFor());
      assertEquals(List.of("rke2-metrics: " + config + ": port=abc is not a port number (0 to 65535; 0 picks a free port)",
          "rke2-metrics: not attaching to " + self + " until " + config + " is fixed"), attacher.err());
    }
  }

  @Test
  void notAJvmIsAClearErrorAndNonZeroExit() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try (JvmProcess attacher = attach(String.valueOf(sleeper.pid()),
        JvmProcess.RESOURCES.resolve("attach/agent.properties").toString())) {
      assertEquals(1, attacher.waitFor());
      assertTrue(attacher.err().get(0).startsWith("rke2-metrics: cannot attach to PID " + sleeper.pid() + ": "),
          attacher.err().toString());
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
