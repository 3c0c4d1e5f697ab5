package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.Sink;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The six histograms, classic buckets only, labelled by status. Each histogram's two data points
 * are created on first use (so a status never seen is not exported, as in RKE2) and then held, so
 * a recorded call costs one array read and one {@code observe}.
 */
final class SnapshotMetrics implements Sink {
  static final String SUCCESS = "success";
  static final String ERROR = "error";

  private final Histogram[] histograms = new Histogram[Operation.values().length];
  private final DistributionDataPoint[] successes = new DistributionDataPoint[histograms.length];
  private final DistributionDataPoint[] errors = new DistributionDataPoint[histograms.length];

  SnapshotMetrics(String prefix, double[] buckets, PrometheusRegistry registry) {
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
    }
  }

  @Override
  public void record(int metric, long nanos, boolean error) {
    DistributionDataPoint[] points = error ? errors : successes;
    DistributionDataPoint point = points[metric];
    if (point == null) {
      // A racy but idempotent cache: labelValues returns the same data point every time.
      point = histograms[metric].labelValues(error ? ERROR : SUCCESS);
      points[metric] = point;
    }
    point.observe(nanos / 1e9);
  }
}
