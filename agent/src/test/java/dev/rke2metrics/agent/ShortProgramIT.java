package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that ends while the agent is still starting its metrics (they start on a background
 * thread): it exits as it would without the agent, says nothing more, and its pushed calls arrive.
 */
class ShortProgramIT {
  private static final String PROGRAM = "dev.rke2metrics.targets.ShortProgram";

  @Test
  void endingBeforeTheMetricsStartedAddsNoMessages() throws Exception {
    try (JvmProcess app = JvmProcess.java(List.of(JvmProcess.agentFlag("short-program")),
        JvmProcess.TEST_CLASSES.toString(), PROGRAM)) {
      assertEquals(0, app.finish());
      assertEquals(List.of("bye"), app.out());
      // Only the exit report of mappings that never matched (SnapshotJob was never loaded).
      List<String> other = app.err().stream().filter(line -> !line.contains("matched no method")).collect(Collectors.toList());
      assertTrue(other.stream().allMatch(line -> line.startsWith("rke2-metrics: serving ")), app.err().toString());
      assertEquals(2, app.err().size() - other.size(), app.err().toString());
    }
  }

  @Test
  void aShortProgramsCallsArePushedAtExit(@TempDir Path dir) throws Exception {
    List<String> pushes = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      pushes.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
          + new String(body, StandardCharsets.ISO_8859_1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    try {
      Path properties = dir.resolve("agent.properties");
      Files.writeString(properties, Files.readString(JvmProcess.RESOURCES.resolve("short-program/agent.properties"))
          + "push.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "\npush.job=short\n");
      try (JvmProcess app = JvmProcess.java(List.of("-javaagent:" + JvmProcess.AGENT_JAR + "=" + properties),
          JvmProcess.TEST_CLASSES.toString(), PROGRAM, "save")) {
        assertEquals(0, app.finish());
        assertEquals(List.of("bye"), app.out());
        assertTrue(app.err().stream().noneMatch(line -> line.contains("error") || line.contains("cannot")),
            app.err().toString());
      }
    } finally {
      receiver.stop(0);
    }
    assertEquals(1, pushes.size(), "one push, at exit: " + pushes);
    String push = pushes.get(0);
    assertTrue(push.startsWith("PUT /metrics/job/short"), push);
    // A series exists only once a call was recorded: RKE2 exports no empty status.
    for (String series : List.of("rke2_etcd_snapshot_save_duration_seconds", "rke2_etcd_snapshot_save_local_duration_seconds")) {
      assertTrue(push.contains(series), series + " in " + push);
    }
    assertTrue(push.contains("success"), push);
  }
}
