package dev.rke2metrics.agent.bootstrap;

/**
 * Where finished calls go. Implemented by the agent's tooling (which sees the Prometheus client);
 * declared here so that inlined advice in any class loader can reach it through {@link Timings}.
 */
public interface Sink {
  /**
   * @param metric index of the histogram, 0 to 5 (see the agent's {@code Operation})
   * @param nanos duration of the call
   * @param endNanos {@link System#nanoTime()} when it ended, so that a sink can tell when without
   *     reading the clock again
   * @param error true when the call threw or its future failed
   */
  void record(int metric, long nanos, long endNanos, boolean error);
}
