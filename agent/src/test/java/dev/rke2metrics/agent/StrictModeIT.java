package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
