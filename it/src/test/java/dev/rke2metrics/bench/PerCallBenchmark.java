package dev.rke2metrics.bench;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one timed call: a method the agent times (run with
 * {@code -javaagent:rke2-metrics.jar=bench/agent.properties}, which maps {@code Work#timed*}), the same
 * method untimed, and the same method timed by hand (a try/finally in its body) into an identical
 * classic-only histogram whose two data points are held ready - the floor any instrumentation can reach.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class PerCallBenchmark {
  private static final double[] RKE2_BUCKETS = {0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048,
      4.096, 8.192, 16.384, 32.768, 65.536, 131.072};
  /** Thrown without a stack trace so the error rows measure timing, not exception creation. */
  static final Exception FAILURE = new SnapshotFailure();

  static final class SnapshotFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SnapshotFailure() {
      super("snapshot failed", null, false, false);
    }
  }

  private final Work work = new Work();
  private long input = 42;

  /** The hand-written variant's histogram: identical to the agent's, both data points held ready. */
  static final DistributionDataPoint SUCCESS;
  static final DistributionDataPoint ERROR;

  static {
    Histogram histogram = Histogram.builder(PrometheusProperties.builder().build())
        .name("hand_written_duration_seconds").help("Hand-written baseline.").labelNames("status")
        .classicOnly().classicUpperBounds(RKE2_BUCKETS).withoutExemplars()
        .register(new PrometheusRegistry());
    SUCCESS = histogram.labelValues("success");
    ERROR = histogram.labelValues("error");
  }

  /**
   * The methods measured: the agent's mapping names only {@code timed} and {@code timedFailing};
   * {@code handTimed*} are the same bodies instrumented by hand inside the method, as a developer
   * would, so a failure leaves through the same catch-all-and-rethrow that the advice adds.
   */
  public static class Work {
    public long timed(long x) {
      return x * 31 + 7;
    }

    public long plain(long x) {
      return x * 31 + 7;
    }

    public long handTimed(long x) {
      long start = System.nanoTime();
      boolean ok = false;
      try {
        long result = x * 31 + 7;
        ok = true;
        return result;
      } finally {
        (ok ? SUCCESS : ERROR).observe((System.nanoTime() - start) / 1e9);
      }
    }

    public long timedFailing(long x) throws Exception {
      if (x != 0) {
        throw FAILURE;
      }
      return x;
    }

    public long plainFailing(long x) throws Exception {
      if (x != 0) {
        throw FAILURE;
      }
      return x;
    }

    public long handTimedFailing(long x) throws Exception {
      long start = System.nanoTime();
      boolean ok = false;
      try {
        if (x != 0) {
          throw FAILURE;
        }
        ok = true;
        return x;
      } finally {
        (ok ? SUCCESS : ERROR).observe((System.nanoTime() - start) / 1e9);
      }
    }
  }

  @Benchmark
  public long agent() {
    return work.timed(input);
  }

  @Benchmark
  public long noAgent() {
    return work.plain(input);
  }

  @Benchmark
  public long handWritten() {
    return work.handTimed(input);
  }

  @Benchmark
  public long agentError() {
    try {
      return work.timedFailing(input);
    } catch (Exception e) {
      return -1;
    }
  }

  @Benchmark
  public long noAgentError() {
    try {
      return work.plainFailing(input);
    } catch (Exception e) {
      return -1;
    }
  }

  @Benchmark
  public long handWrittenError() {
    try {
      return work.handTimedFailing(input);
    } catch (Exception e) {
      return -1;
    }
  }
}
