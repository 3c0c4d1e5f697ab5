package dev.rke2metrics.agent.bootstrap;

/**
 * Per-thread nesting depth of each metric, so that recursion, {@code super} calls and delegation
 * between mapped methods are observed once, at the outermost call.
 */
public final class CallDepth {
  /** One slot per metric; more than the six operations so later metrics need no bootstrap change. */
  static final int SLOTS = 16;

  private static final ThreadLocal<int[]> DEPTHS = ThreadLocal.withInitial(() -> new int[SLOTS]);

  private CallDepth() {}

  /** The calling thread's counters; held by the advice from enter to exit to avoid a second lookup. */
  public static int[] forCurrentThread() {
    return DEPTHS.get();
  }
}
