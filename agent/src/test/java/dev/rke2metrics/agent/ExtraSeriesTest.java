package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The series RKE2 lacks: last success per step and the agent's own info; and their off switch. */
class ExtraSeriesTest {
  private static String scrape(PrometheusRegistry registry) throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
      return new String(ScrapeTest.get(endpoint.port(), "/metrics").body(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void lastSuccessIsTheWallClockTimeOfTheLatestSuccessfulCall() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    SnapshotMetrics metrics = new SnapshotMetrics("rke2", AgentConfig.DEFAULT_BUCKETS, true, registry);
    double before = System.currentTimeMillis() / 1e3;
    metrics.record(Operation.SAVE.ordinal(), 1_000, System.nanoTime(), false);
    metrics.record(Operation.SAVE_S3.ordinal(), 1_000, System.nanoTime(), true);
    double after = System.currentTimeMillis() / 1e3;
    List<String> lines = scrape(registry).lines()
        .filter(line -> line.startsWith("rke2_etcd_snapshot_last_success_timestamp_seconds"))
        .collect(Collectors.toList());
    assertEquals(1, lines.size(), "an op that never succeeded has no series: " + lines);
    assertTrue(lines.get(0).startsWith("rke2_etcd_snapshot_last_success_timestamp_seconds{op=\"save\"} "), lines.get(0));
    double value = Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    assertTrue(value >= before - 0.002 && value <= after + 0.002, before + " <= " + value + " <= " + after);
  }

  @Test
  void agentInfoShowsVersionAndMappings() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    AgentInfo.register(registry, 6, () -> 5);
    String body = scrape(registry);
    assertTrue(body.contains("rke2_metrics_agent_info{version=\"" + Main.version() + "\"} 1"), body);
    assertTrue(body.contains("rke2_metrics_agent_mappings{state=\"configured\"} 6.0"), body);
    assertTrue(body.contains("rke2_metrics_agent_mappings{state=\"matched\"} 5.0"), body);
  }

  @Test
  void offSwitchLeavesOnlyTheSixHistograms() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    SnapshotMetrics metrics = new SnapshotMetrics("rke2", AgentConfig.DEFAULT_BUCKETS, false, registry);
    metrics.record(Operation.SAVE.ordinal(), 1_000, System.nanoTime(), false);
    String body = scrape(registry);
    assertFalse(body.contains("last_success"), body);
    assertFalse(body.contains("rke2_metrics_agent"), body);
    assertEquals(List.of("# TYPE rke2_etcd_snapshot_save_duration_seconds histogram"),
        body.lines().filter(line -> line.startsWith("# TYPE ")).collect(Collectors.toList()));
  }
}
