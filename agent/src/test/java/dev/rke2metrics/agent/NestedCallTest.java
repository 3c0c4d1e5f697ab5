package dev.rke2metrics.agent;

import static dev.rke2metrics.agent.SnapshotMetrics.ERROR;
import static dev.rke2metrics.agent.SnapshotMetrics.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rke2metrics.targets.NestedTargets;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class NestedCallTest {
  private static final String N = "dev.rke2metrics.targets.NestedTargets$";

  @Test
  void recursionCountsOnce() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + N + "Base#save", NestedTargets.Base.class)) {
      assertEquals(5, new NestedTargets.Base().save(5));
      assertEquals(1, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void overrideCallingSuperCountsOnce() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + N + "Base#save",
        NestedTargets.Base.class, NestedTargets.Derived.class)) {
      assertEquals(32, new NestedTargets.Derived().save(2)); // the recursion dispatches back to Derived
      assertEquals(1, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void delegationBetweenImplementationsCountsOnce() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + N + "Saver#save",
        NestedTargets.Direct.class, NestedTargets.Delegating.class)) {
      assertEquals("via direct", new NestedTargets.Delegating().save());
      assertEquals("direct", new NestedTargets.Direct().save());
      assertEquals(2, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void differentMetricsNestFreely() throws Exception {
    String spec = "save.total=" + N + "Snapshotter#save\nsave.local=" + N + "Snapshotter#writeLocal\n"
        + "save.s3=" + N + "Snapshotter#upload";
    try (Instrumented agent = new Instrumented(spec, NestedTargets.Snapshotter.class)) {
      new NestedTargets.Snapshotter().save();
      assertEquals(1, agent.count(Operation.SAVE, SUCCESS));
      assertEquals(1, agent.count(Operation.SAVE_LOCAL, SUCCESS));
      assertEquals(1, agent.count(Operation.SAVE_S3, SUCCESS));
    }
  }

  @Test
  void oneMethodMappedByTwoOperationsCountsInBoth() throws Exception {
    String spec = "save.total=" + N + "Snapshotter#writeLocal\nsave.local=" + N + "Snapshotter#writeLocal\n"
        + "save.s3=" + N + "Snapshotter#upload";
    try (Instrumented agent = new Instrumented(spec, NestedTargets.Snapshotter.class)) {
      new NestedTargets.Snapshotter().save();
      new NestedTargets.Snapshotter().writeLocal();
      assertEquals(2, agent.count(Operation.SAVE, SUCCESS));
      assertEquals(2, agent.count(Operation.SAVE_LOCAL, SUCCESS));
      assertEquals(1, agent.count(Operation.SAVE_S3, SUCCESS));
    }
  }

  @Test
  void depthIsRestoredWhenNestedCallsThrow() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + N + "Base#save", NestedTargets.Base.class)) {
      NestedTargets.Base base = new NestedTargets.Base();
      // Recursion bottoming out in an exception: one error, then the next calls count again.
      assertThrows(IOException.class, () -> base.save(-1));
      assertEquals(3, base.save(3));
      assertEquals(3, base.save(3));
      assertEquals(1, agent.count(Operation.SAVE, ERROR));
      assertEquals(2, agent.count(Operation.SAVE, SUCCESS));
    }
  }
}
