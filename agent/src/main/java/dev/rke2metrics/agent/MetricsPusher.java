package dev.rke2metrics.agent;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes the registry to a Prometheus Pushgateway when the JVM exits and, optionally, every
 * {@code push.interval}, on the agent's own daemon thread. Each push replaces the group
 * ({@code PUT}), so the Pushgateway holds the process's latest totals.
 */
final class MetricsPusher {
  private final PushGateway gateway;
  private final String target;

  MetricsPusher(PushSettings settings, PrometheusRegistry registry) {
    int port = settings.url().getPort() > 0 ? settings.url().getPort()
        : settings.url().getScheme().equals("https") ? 443 : 80;
    PushGateway.Builder builder = PushGateway.builder(PrometheusProperties.builder().build())
        .scheme(settings.url().getScheme().equals("https") ? Scheme.HTTPS : Scheme.HTTP)
        .address(settings.url().getHost() + ":" + port)
        .job(settings.job())
        .registry(registry)
        .connectionTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10));
    for (Map.Entry<String, String> label : settings.grouping().entrySet()) {
      builder.groupingKey(label.getKey(), label.getValue());
    }
    this.gateway = builder.build();
    this.target = settings.url() + " (job " + settings.job() + ")";
  }

  /** Pushes every {@code interval}; the push at exit is the agent's (see {@code Agent.stop}). */
  void pushEvery(Duration interval) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "rke2-metrics-push");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::pushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  String target() {
    return target;
  }

  void pushQuietly() {
    try {
      gateway.push();
    } catch (Exception | LinkageError e) {
      AgentLog.line("cannot push metrics to " + target + ": " + e.getMessage());
    }
  }
}
