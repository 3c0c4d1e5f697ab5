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
 * method untimed, and the same method timed by hand into an identical classic-only histogram whose
 * two data points are held ready - the floor any instrumentation can reach.
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
  private final DistributionDataPoint success;
  private final DistributionDataPoint error;
  private long input = 42;

  public PerCallBenchmark() {
    Histogram histogram = Histogram.builder(PrometheusProperties.builder().build())
        .name("hand_written_duration_seconds").help("Hand-written baseline.").labelNames("status")
        .classicOnly().classicUpperBounds(RKE2_BUCKETS).withoutExemplars()
        .register(new PrometheusRegistry());
    success = histogram.labelValues("success");
    error = histogram.labelValues("error");
  }

  /** The methods measured; the agent's mapping names only {@code timed} and {@code timedFailing}. */
  public static class Work {
    public long timed(long x) {
      return x * 31 + 7;
    }

    public long plain(long x) {
      return x * 31 + 7;
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
    long start = System.nanoTime();
    boolean ok = false;
    try {
      long result = work.plain(input);
      ok = true;
      return result;
    } finally {
      (ok ? success : error).observe((System.nanoTime() - start) / 1e9);
    }
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
    long start = System.nanoTime();
    boolean ok = false;
    try {
      long result = work.plainFailing(input);
      ok = true;
      return result;
    } catch (Exception e) {
      return -1;
    } finally {
      (ok ? success : error).observe((System.nanoTime() - start) / 1e9);
    }
  }
}
