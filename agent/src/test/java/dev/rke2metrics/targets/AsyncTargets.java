package dev.rke2metrics.targets;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Methods that return futures, as jetcd's do. */
public class AsyncTargets {
  /** Returns the future it is given, so the test decides when and how it completes. */
  public CompletableFuture<String> save(CompletableFuture<String> pending) {
    return pending;
  }

  public CompletionStage<String> upload(CompletionStage<String> pending) {
    return pending;
  }

  public CompletableFuture<String> failBeforeReturning() throws IOException {
    throw new IOException("etcd unreachable");
  }

  public CompletableFuture<String> nothing() {
    return null;
  }
}
