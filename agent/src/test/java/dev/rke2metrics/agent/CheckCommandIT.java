package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar rke2-metrics.jar check agent.properties [classpath]}. */
class CheckCommandIT {
  private static JvmProcess check(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = JvmProcess.AGENT_JAR.toString();
    all[1] = "check";
    System.arraycopy(args, 0, all, 2, args.length);
    return JvmProcess.java(List.of(), null, "-jar", all);
  }

  @Test
  void listsTheMethodsEachMappingWouldTime() throws Exception {
    String config = JvmProcess.RESOURCES.resolve("check/agent.properties").toString();
    try (JvmProcess check = check(config, JvmProcess.TEST_CLASSES.toString())) {
      assertEquals(0, check.waitFor(), check.err().toString());
      String t = "dev.rke2metrics.targets.SnapshotJob";
      assertEquals(List.of(
          config + ": valid; 6 mappings; metrics on 127.0.0.1:0 with prefix rke2",
          "save.total=" + t + "#save", "  " + t + ".save(boolean, boolean)",
          "save.local=" + t + "#writeLocal", "  " + t + ".writeLocal()",
          "save.s3=" + t + "#upload", "  " + t + ".upload(boolean)",
          "reconcile.total=" + t + "#reconcile", "  " + t + ".reconcile(boolean)",
          "reconcile.local=" + t + "#listLocal", "  " + t + ".listLocal()",
          "reconcile.s3=" + t + "#listS3", "  " + t + ".listS3()"), check.out());
    }
  }

  @Test
  void aTypoIsShownAndExitsNonZero() throws Exception {
    String config = JvmProcess.RESOURCES.resolve("check/typo.properties").toString();
    try (JvmProcess check = check(config, JvmProcess.TEST_CLASSES.toString())) {
      assertEquals(1, check.waitFor());
      assertEquals("save.s3=dev.rke2metrics.targets.SnapshotJob#uplaod", check.out().get(3));
      assertEquals("  (matches no method on the class path)", check.out().get(4));
    }
  }

  @Test
  void invalidFileExitsNonZeroNamingTheProblem() throws Exception {
    String config = JvmProcess.RESOURCES.resolve("bad-config/unknown-key.properties").toString();
    try (JvmProcess check = check(config)) {
      assertEquals(1, check.waitFor());
      assertEquals("rke2-metrics: " + config + ": unknown key 'save.S3' (did you mean 'save.s3'?)", check.out().get(0));
    }
  }
}
