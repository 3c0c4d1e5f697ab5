package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration never stops the program: one clear stderr line naming the file and the bad
 * key or value, and the program's own output and exit code stay as they are.
 */
class BadConfigIT {
  private static final Path DIR = JvmProcess.RESOURCES.resolve("bad-config");

  /**
   * Runs the test app through one reconcile, waiting for the agent's line that ends its start-up
   * (which it prints off the program's threads), and returns it finished with exit code 0 checked.
   */
  private static JvmProcess run(String agentArgument, String startupLine) throws Exception {
    JvmProcess app = JvmProcess.java(List.of("-javaagent:" + JvmProcess.AGENT_JAR + "=" + agentArgument),
        JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", "system");
    assertEquals("ok reconcile", app.send("reconcile"));
    app.awaitErr(startupLine);
    assertEquals(0, app.finish());
    assertEquals("bye", app.out().get(app.out().size() - 1));
    return app;
  }

  private static List<String> agentLines(JvmProcess app) {
    return app.err().stream().filter(line -> line.startsWith("rke2-metrics: ")).collect(Collectors.toList());
  }

  @Test
  void missingFileIsNamedAndTheAgentIsOff() throws Exception {
    Path missing = DIR.resolve("missing.properties");
    try (JvmProcess app = run(missing.toString(), "the agent is off")) {
      assertEquals(List.of("rke2-metrics: cannot read " + missing + ": no such file",
          "rke2-metrics: the agent is off: fix " + missing + " and restart"), agentLines(app));
    }
  }

  @Test
  void noArgumentSaysHowToGiveOne() throws Exception {
    try (JvmProcess app = JvmProcess.java(List.of("-javaagent:" + JvmProcess.AGENT_JAR),
        JvmProcess.TEST_CLASSES.toString(), "dev.rke2metrics.targets.SnapshotApp", "system")) {
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals(0, app.finish());
      assertEquals(List.of("rke2-metrics: no properties file given: use "
          + "-javaagent:/path/rke2-metrics.jar=/path/agent.properties; the agent is off"), agentLines(app));
    }
  }

  @Test
  void unknownKeyIsNamedAndTheOtherMappingsWork() throws Exception {
    Path file = DIR.resolve("unknown-key.properties");
    try (JvmProcess app = run(file.toString(), "serving http")) {
      List<String> lines = agentLines(app);
      assertTrue(lines.get(0).startsWith("rke2-metrics: " + file + ": unknown key 'save.S3' (did you mean 'save.s3'?)"),
          lines.toString());
      assertTrue(lines.get(1).startsWith("rke2-metrics: serving http://"), lines.toString());
    }
  }

  @Test
  void malformedSpecIsNamed() throws Exception {
    Path file = DIR.resolve("malformed-spec.properties");
    try (JvmProcess app = run(file.toString(), "serving http")) {
      assertEquals("rke2-metrics: " + file + ": save.local: 'dev.rke2metrics.targets.SnapshotJob.writeLocal' has no '#': "
          + "write fully.qualified.Type#method", agentLines(app).get(0));
    }
  }

  @Test
  void badPortIsNamedAndTheAgentIsOff() throws Exception {
    Path file = DIR.resolve("bad-port.properties");
    try (JvmProcess app = run(file.toString(), "the agent is off")) {
      assertEquals(List.of("rke2-metrics: " + file + ": port=abc is not a port number (0 to 65535; 0 picks a free port)",
          "rke2-metrics: the agent is off: fix " + file + " and restart"), agentLines(app));
    }
  }

  @Test
  void busyPortIsNamedAndTheProgramRunsOn(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Path file = dir.resolve("busy.properties");
      Files.writeString(file, "host=127.0.0.1\nport=" + busy.getLocalPort() + "\nsave.total=dev.rke2metrics.targets.SnapshotJob#save\n");
      try (JvmProcess app = run(file.toString(), "cannot serve metrics")) {
        String line = agentLines(app).get(0);
        assertTrue(line.startsWith("rke2-metrics: cannot serve metrics on 127.0.0.1 port " + busy.getLocalPort()
            + " (from " + file + "): "), line);
        assertTrue(line.endsWith("; the metrics are off, the program runs on"), line);
      }
    }
  }

  @Test
  void mappingThatNeverMatchedIsReportedAtExit() throws Exception {
    Path file = DIR.resolve("never-loaded.properties");
    try (JvmProcess app = run(file.toString(), "serving http")) {
      assertEquals("rke2-metrics: " + file + ": reconcile.s3=com.example.NeverLoaded#list matched no method "
          + "(was com.example.NeverLoaded or a subtype ever loaded?)", agentLines(app).get(agentLines(app).size() - 1));
      assertEquals(1, agentLines(app).stream().filter(line -> line.contains("matched no method")).count());
    }
  }
}
