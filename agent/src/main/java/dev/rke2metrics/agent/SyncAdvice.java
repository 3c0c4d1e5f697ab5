package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.CallDepth;
import dev.rke2metrics.agent.bootstrap.Timings;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around a mapped method: times it until it returns or throws. Only bootstrap classes are
 * called, because this code runs inside the target class, in its class loader. Failures of the
 * advice itself are suppressed; the method's own result or throwable passes through untouched.
 */
final class SyncAdvice {
  private SyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static long enter(@MetricIndex int metric, @Advice.Local("depths") int[] depths) {
    depths = CallDepth.forCurrentThread();
    return Timings.enter(metric, depths);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@MetricIndex int metric, @Advice.Enter long start,
      @Advice.Local("depths") int[] depths, @Advice.Thrown Throwable thrown) {
    Timings.exit(metric, start, depths, thrown);
  }
}
