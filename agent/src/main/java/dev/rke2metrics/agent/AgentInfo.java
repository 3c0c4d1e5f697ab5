package dev.rke2metrics.agent;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/**
 * The agent's own series: {@code rke2_metrics_agent_info{version}} and
 * {@code rke2_metrics_agent_mappings{state="configured"|"matched"}}, so an operator can see that
 * the agent runs and whether every mapping found its method.
 */
final class AgentInfo {
  private AgentInfo() {}

  static void register(PrometheusRegistry registry, int configured, IntSupplier matched) {
    PrometheusProperties defaults = PrometheusProperties.builder().build();
    Info info = Info.builder(defaults)
        .name("rke2_metrics_agent")
        .help("The rke2-metrics Java agent that serves these etcd snapshot metrics.")
        .labelNames("version")
        .register(registry);
    info.setLabelValues(Main.version());
    GaugeWithCallback.builder(defaults)
        .name("rke2_metrics_agent_mappings")
        .help("Method specs in the agent's properties file: configured, and matched by a loaded method.")
        .labelNames("state")
        .callback(callback -> {
          callback.call(configured, "configured");
          callback.call(matched.getAsInt(), "matched");
        })
        .register(registry);
  }
}
