package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.CallDepth;
import dev.rke2metrics.agent.bootstrap.Timings;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around a mapped method declared to return a {@code CompletionStage}: the call is timed
 * until the returned stage completes. The returned object itself is neither replaced nor wrapped.
 */
final class AsyncAdvice {
  private AsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static long enter(@MetricIndex int metric, @Advice.Local("depths") int[] depths) {
    depths = CallDepth.forCurrentThread();
    return Timings.enter(metric, depths);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@MetricIndex int metric, @Advice.Enter long start,
      @Advice.Local("depths") int[] depths, @Advice.Thrown Throwable thrown,
      @Advice.Return Object returned) {
    Timings.exitAsync(metric, start, depths, thrown, returned);
  }
}
