package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.Timings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.StringReader;
import java.lang.instrument.Instrumentation;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Test fixture: the agent's transformer and histograms on this JVM (self-attached), with the given
 * properties. Target classes are retransformed, so it does not matter whether they were loaded.
 */
final class Instrumented implements AutoCloseable {
  static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

  final AgentConfig config;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final SnapshotTransformer transformer;
  private final Class<?>[] targets;

  Instrumented(String properties, Class<?>... targets) throws Exception {
    Properties parsed = new Properties();
    parsed.load(new StringReader(properties));
    config = AgentConfig.parse(parsed, "test.properties");
    if (!config.problems().isEmpty()) {
      throw new IllegalArgumentException(config.problems().toString());
    }
    this.targets = targets;
    transformer = new SnapshotTransformer(config.mappings(), new BootstrapBridge(INSTRUMENTATION));
    Timings.install(new SnapshotMetrics(config.prefix(), config.buckets(), registry));
    INSTRUMENTATION.addTransformer(transformer, true);
    INSTRUMENTATION.retransformClasses(targets);
  }

  /** Observations of one operation with the given status. */
  long count(Operation op, String status) {
    HistogramSnapshot.HistogramDataPointSnapshot point = point(op, status);
    return point == null ? 0 : point.getCount();
  }

  /** Total observed seconds of one operation with the given status. */
  double sum(Operation op, String status) {
    HistogramSnapshot.HistogramDataPointSnapshot point = point(op, status);
    return point == null ? 0 : point.getSum();
  }

  private HistogramSnapshot.HistogramDataPointSnapshot point(Operation op, String status) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(op.metricName(config.prefix()))) {
        for (HistogramSnapshot.HistogramDataPointSnapshot point : ((HistogramSnapshot) snapshot).getDataPoints()) {
          if (status.equals(point.getLabels().get("status"))) {
            return point;
          }
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    INSTRUMENTATION.removeTransformer(transformer);
    try {
      INSTRUMENTATION.retransformClasses(targets); // back to the original bytes
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
