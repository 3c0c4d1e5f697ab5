package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.Sink;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The six histograms, classic buckets only, labelled by status. Each histogram's two data points
 * are created on first use (so a status never seen is not exported, as in RKE2) and then held, so
 * a recorded call costs one array read and one {@code observe}.
 *
 * <p>With the extra series on, {@code <prefix>_etcd_snapshot_last_success_timestamp_seconds{op}}
 * tells when each step last succeeded. The hot path only stores the call's end in nanoseconds;
 * the wall-clock time is worked out at scrape time.
 */
final class SnapshotMetrics implements Sink {
  static final String SUCCESS = "success";
  static final String ERROR = "error";
  private static final long NEVER = Long.MIN_VALUE;
  private static final long STALE_NANOS = 1_000_000;

  private final Histogram[] histograms = new Histogram[Operation.values().length];
  private final DistributionDataPoint[] successes = new DistributionDataPoint[histograms.length];
  private final DistributionDataPoint[] errors = new DistributionDataPoint[histograms.length];
  private final AtomicLongArray lastSuccessNanos = new AtomicLongArray(histograms.length);
  private final long originMillis = System.currentTimeMillis();
  private final long originNanos = System.nanoTime();

  SnapshotMetrics(String prefix, double[] buckets, PrometheusRegistry registry) {
    this(prefix, buckets, false, registry);
  }

  SnapshotMetrics(String prefix, double[] buckets, boolean extraSeries, PrometheusRegistry registry) {
    // Our own properties, not PrometheusProperties.get(): the program's prometheus.properties
    // or system properties must not reconfigure the agent's histograms.
    PrometheusProperties defaults = PrometheusProperties.builder().build();
    for (Operation op : Operation.values()) {
      histograms[op.ordinal()] = Histogram.builder(defaults)
          .name(op.metricName(prefix))
          .help(op.help())
          .labelNames("status")
          .classicOnly()
          .classicUpperBounds(buckets)
          .withoutExemplars()
          .register(registry);
      lastSuccessNanos.set(op.ordinal(), NEVER);
    }
    if (extraSeries) {
      GaugeWithCallback.builder(defaults)
          .name(prefix + "_etcd_snapshot_last_success_timestamp_seconds")
          .help("Unix time in seconds of the last successful call of each etcd snapshot step, by op.")
          .labelNames("op")
          .callback(callback -> {
            for (Operation op : Operation.values()) {
              long end = lastSuccessNanos.get(op.ordinal());
              if (end != NEVER) {
                callback.call(wallSeconds(end), op.label());
              }
            }
          })
          .register(registry);
    }
  }

  @Override
  public void record(int metric, long nanos, long endNanos, boolean error) {
    DistributionDataPoint[] points = error ? errors : successes;
    DistributionDataPoint point = points[metric];
    if (point == null) {
      // A racy but idempotent cache: labelValues returns the same data point every time.
      point = histograms[metric].labelValues(error ? ERROR : SUCCESS);
      points[metric] = point;
    }
    point.observe(nanos / 1e9);
    // Every thread writing one shared slot on every call would bounce its cache line between cores
    // (+30 ns a call on 2 threads): write only when the stored time is over a millisecond old.
    if (!error) {
      long last = lastSuccessNanos.get(metric);
      if (last == NEVER || endNanos - last > STALE_NANOS) {
        lastSuccessNanos.lazySet(metric, endNanos); // a plain store on x86; the scrape reads it later
      }
    }
  }

  private double wallSeconds(long nanoTime) {
    return (originMillis + (nanoTime - originNanos) / 1_000_000L) / 1e3;
  }
}
