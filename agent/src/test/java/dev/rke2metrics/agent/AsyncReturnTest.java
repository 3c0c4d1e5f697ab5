package dev.rke2metrics.agent;

import static dev.rke2metrics.agent.SnapshotMetrics.ERROR;
import static dev.rke2metrics.agent.SnapshotMetrics.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.targets.AsyncTargets;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AsyncReturnTest {
  private static final String SPEC = "save.total=dev.rke2metrics.targets.AsyncTargets#save\n"
      + "save.s3=dev.rke2metrics.targets.AsyncTargets#upload,"
      + "dev.rke2metrics.targets.AsyncTargets#failBeforeReturning,dev.rke2metrics.targets.AsyncTargets#nothing";

  @Test
  void timedUntilCompletionAndTheCallerGetsTheSameFuture() throws Exception {
    try (Instrumented agent = new Instrumented(SPEC, AsyncTargets.class)) {
      CompletableFuture<String> pending = new CompletableFuture<>();
      CompletableFuture<String> returned = new AsyncTargets().save(pending);
      assertSame(pending, returned);
      assertEquals(0, agent.count(Operation.SAVE, SUCCESS), "nothing is observed before completion");
      Thread.sleep(50); // the time the snapshot takes, which must be in the observation
      pending.complete("snapshot-1");
      assertEquals("snapshot-1", returned.join());
      assertEquals(1, agent.count(Operation.SAVE, SUCCESS));
      assertTrue(agent.sum(Operation.SAVE, SUCCESS) >= 0.05);
    }
  }

  @Test
  void exceptionalCompletionIsAnErrorAndTheFailureIsUntouched() throws Exception {
    try (Instrumented agent = new Instrumented(SPEC, AsyncTargets.class)) {
      CompletableFuture<String> pending = new CompletableFuture<>();
      CompletableFuture<String> returned = new AsyncTargets().save(pending);
      IOException failure = new IOException("disk full");
      pending.completeExceptionally(failure);
      CompletionException thrown = assertThrows(CompletionException.class, returned::join);
      assertSame(failure, thrown.getCause());
      assertEquals(1, agent.count(Operation.SAVE, ERROR));
      assertEquals(0, agent.count(Operation.SAVE, SUCCESS));
    }
  }

  @Test
  void cancellationIsAnError() throws Exception {
    try (Instrumented agent = new Instrumented(SPEC, AsyncTargets.class)) {
      CompletableFuture<String> returned = new AsyncTargets().save(new CompletableFuture<>());
      returned.cancel(true);
      assertThrows(CancellationException.class, returned::join);
      assertEquals(1, agent.count(Operation.SAVE, ERROR));
    }
  }

  @Test
  void completionOnAnotherThreadIsRecorded() throws Exception {
    try (Instrumented agent = new Instrumented(SPEC, AsyncTargets.class)) {
      CompletableFuture<String> pending = new CompletableFuture<>();
      new AsyncTargets().upload(pending);
      Thread completer = new Thread(() -> pending.complete("uploaded"));
      completer.start();
      completer.join();
      assertEquals(1, agent.count(Operation.SAVE_S3, SUCCESS));
    }
  }

  @Test
  void throwingBeforeReturningAFutureIsAnErrorAndNullIsASuccess() throws Exception {
    try (Instrumented agent = new Instrumented(SPEC, AsyncTargets.class)) {
      AsyncTargets targets = new AsyncTargets();
      assertThrows(IOException.class, targets::failBeforeReturning);
      assertNull(targets.nothing());
      assertEquals(1, agent.count(Operation.SAVE_S3, ERROR));
      assertEquals(1, agent.count(Operation.SAVE_S3, SUCCESS));
    }
  }
}
