package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus server scrapes the agent: it sees RKE2's counts and can take quantiles. */
class PrometheusScrapeIT extends WithEtcdAndS3 {
  @Test
  void prometheusSeesTheCountsAndAFiniteQuantile(@TempDir Path work) throws Exception {
    int agentPort = Processes.freePort();
    List<String> args = Servers.etcd(etcd, work.resolve("snapshots").toString());
    args.add(0, "shell");
    try (SampleApp app = SampleApp.start(work, List.of(Project.agentFlag(Project.agentProperties(work, agentPort))),
        args.toArray(new String[0]));
         PrometheusServer prometheus = PrometheusServer.scraping(work, agentPort)) {
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok reconcile", app.send("reconcile"));
      assertEquals("ok save", app.send("save " + Servers.s3(s3)));

      String[][] expected = {{"reconcile", "3"}, {"reconcile_local", "3"}, {"reconcile_s3", "1"}, {"save", "1"},
          {"save_local", "1"}, {"save_s3", "1"}};
      for (String[] metric : expected) {
        prometheus.awaitValue("rke2_etcd_snapshot_" + metric[0] + "_duration_seconds_count"
            + "{job=\"rke2-metrics\",status=\"success\"}", metric[1]);
      }
      assertEquals("0", prometheus.value("count(rke2_etcd_snapshot_save_duration_seconds_count{status=\"error\"}) or vector(0)"));

      double median = Double.parseDouble(prometheus.value(
          "histogram_quantile(0.5, sum by (le) (rke2_etcd_snapshot_save_duration_seconds_bucket))"));
      assertTrue(Double.isFinite(median) && median > 0 && median <= 131.072, "median save " + median);
      double p95s3 = Double.parseDouble(prometheus.value(
          "histogram_quantile(0.95, sum by (le) (rke2_etcd_snapshot_save_s3_duration_seconds_bucket))"));
      assertTrue(Double.isFinite(p95s3), "p95 of S3 uploads " + p95s3);
      assertEquals(0, app.finish());
    }
  }
}
