package dev.rke2metrics.agent;

import java.util.concurrent.CompletableFuture;

/**
 * Woven once on the agent's start-up thread (the result is thrown away) so that ByteBuddy's classes
 * are loaded and its code paths run before the program's first mapped class needs them.
 */
final class WarmUpTarget {
  private WarmUpTarget() {}

  static long save(long x) {
    return x + 1;
  }

  static CompletableFuture<Long> saveAsync(long x) {
    return CompletableFuture.completedFuture(x);
  }
}
