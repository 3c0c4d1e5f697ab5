package dev.rke2metrics.agent;

import static dev.rke2metrics.agent.SnapshotMetrics.ERROR;
import static dev.rke2metrics.agent.SnapshotMetrics.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.targets.Targets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InstrumentationTest {
  private static final String T = "dev.rke2metrics.targets.Targets$";

  @Test
  void parameterListPicksOneOverload() throws Exception {
    try (Instrumented agent = new Instrumented("save.local=" + T + "Store#save(java.lang.String)", Targets.Store.class)) {
      Targets.Store store = new Targets.Store();
      assertEquals("a.db", store.save("a"));
      assertEquals("ax2", store.save("a", 2));
      assertEquals(1, agent.count(Operation.SAVE_LOCAL, SUCCESS));
    }
  }

  @Test
  void specWithoutParametersTimesEveryOverload() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + T + "Store#save", Targets.Store.class)) {
      Targets.Store store = new Targets.Store();
      store.save("a");
      store.save("a", 2);
      assertEquals(2, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void interfaceSpecTimesImplementations() throws Exception {
    Targets.Uploader anonymous = Targets.failingUploader();
    try (Instrumented agent = new Instrumented("save.s3=" + T + "Uploader#upload",
        Targets.S3Uploader.class, anonymous.getClass())) {
      assertEquals("s3://bucket/x", new Targets.S3Uploader().upload("x"));
      assertThrows(IOException.class, () -> anonymous.upload("x"));
      assertEquals(1, agent.count(Operation.SAVE_S3, SUCCESS));
      assertEquals(1, agent.count(Operation.SAVE_S3, ERROR));
    }
  }

  @Test
  void superclassSpecTimesOverridesButNotTheAbstractMethod() throws Exception {
    try (Instrumented agent = new Instrumented("reconcile.local=" + T + "Lister#list",
        Targets.Lister.class, Targets.LocalLister.class)) {
      Targets.Lister lister = new Targets.LocalLister();
      assertEquals(List.of("a", "b"), lister.list());
      assertEquals(1, agent.count(Operation.RECONCILE_LOCAL, SUCCESS));
      assertTrue(agent.transformer.unmatched().isEmpty());
    }
  }

  @Test
  void staticMethodsMatch() throws Exception {
    try (Instrumented agent = new Instrumented("reconcile.total=" + T + "Statics#reconcile", Targets.Statics.class)) {
      assertEquals(6, Targets.Statics.reconcile(3));
      assertEquals(1, agent.count(Operation.RECONCILE, SUCCESS));
    }
  }

  @Test
  void returnValueIsTheSameObjectAndCountsAsSuccess() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + T + "Outcomes#identity", Targets.Outcomes.class)) {
      Object value = new Object();
      assertSame(value, new Targets.Outcomes().identity(value));
      assertEquals(null, new Targets.Outcomes().identity(null));
      assertEquals(2, agent.count(Operation.SAVE, SUCCESS));
      assertEquals(0, agent.count(Operation.SAVE, ERROR));
    }
  }

  @Test
  void thrownCheckedUncheckedAndErrorsAreTheSameObjectsAndCountAsErrors() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + T + "Outcomes#fail", Targets.Outcomes.class)) {
      Targets.Outcomes outcomes = new Targets.Outcomes();
      for (Throwable failure : List.of(new IOException("disk full"), new IllegalStateException("etcd down"),
          new OutOfMemoryError("test"))) {
        Throwable thrown = assertThrows(Throwable.class, () -> outcomes.fail(failure));
        assertSame(failure, thrown);
      }
      assertEquals(3, agent.count(Operation.SAVE, ERROR));
      assertEquals(0, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void durationIsObservedInSeconds() throws Exception {
    try (Instrumented agent = new Instrumented("save.local=" + T + "Outcomes#work", Targets.Outcomes.class)) {
      new Targets.Outcomes().work(50);
      double seconds = agent.sum(Operation.SAVE_LOCAL, SUCCESS);
      assertTrue(seconds >= 0.05 && seconds < 10, "observed " + seconds + " s for a 50 ms call");
    }
  }

  @Test
  void countsAreExactUnderFourThreads() throws Exception {
    int threads = 4;
    int calls = 100_000;
    try (Instrumented agent = new Instrumented("reconcile.total=" + T + "Counted#call", Targets.Counted.class)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          tasks.add(() -> {
            Targets.Counted counted = new Targets.Counted();
            long total = 0;
            for (int i = 0; i < calls; i++) {
              total += counted.call(i);
            }
            return total;
          });
        }
        for (Future<Long> result : pool.invokeAll(tasks)) {
          assertEquals((long) calls * (calls + 1) / 2, result.get());
        }
      } finally {
        pool.shutdown();
      }
      assertEquals((long) threads * calls, agent.count(Operation.RECONCILE, SUCCESS));
    }
  }

  @Test
  void callsOnTheCallersThreadOnly() throws Exception {
    try (Instrumented agent = new Instrumented("save.total=" + T + "Outcomes#identity", Targets.Outcomes.class)) {
      int before = Thread.activeCount();
      Thread caller = Thread.currentThread();
      Object result = new Targets.Outcomes().identity(caller);
      assertSame(caller, result);
      assertEquals(before, Thread.activeCount());
    }
  }
}
