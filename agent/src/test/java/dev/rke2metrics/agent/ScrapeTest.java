package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a scraper sees: names, HELP, TYPE, buckets, RKE2's verification grep and the formats. */
class ScrapeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static MetricsEndpoint endpoint;

  @BeforeAll
  static void recordLikeRke2() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    SnapshotMetrics metrics = new SnapshotMetrics("rke2", AgentConfig.DEFAULT_BUCKETS, registry);
    // A program that reconciled 3 times (S3 once) and saved once to local and S3.
    for (int i = 0; i < 3; i++) {
      metrics.record(Operation.RECONCILE.ordinal(), 30_000_000, 0, false);
      metrics.record(Operation.RECONCILE_LOCAL.ordinal(), 1_000_000, 0, false);
    }
    metrics.record(Operation.RECONCILE_S3.ordinal(), 20_000_000, 0, false);
    metrics.record(Operation.SAVE.ordinal(), 2_500_000_000L, 0, false);
    metrics.record(Operation.SAVE_LOCAL.ordinal(), 2_000_000_000L, 0, false);
    metrics.record(Operation.SAVE_S3.ordinal(), 400_000_000, 0, false);
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry);
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  static HttpResponse<byte[]> get(int port, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> response = get(endpoint.port(), pathAndQuery);
    assertEquals(200, response.statusCode());
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void rke2VerificationGrepPrintsExactlyTheSixCounts() throws Exception {
    List<String> counts = text("/metrics").lines()
        .filter(line -> line.matches(".*etcd_snapshot_.*_count.*"))
        .collect(Collectors.toList());
    assertEquals(List.of(
        "rke2_etcd_snapshot_reconcile_duration_seconds_count{status=\"success\"} 3",
        "rke2_etcd_snapshot_reconcile_local_duration_seconds_count{status=\"success\"} 3",
        "rke2_etcd_snapshot_reconcile_s3_duration_seconds_count{status=\"success\"} 1",
        "rke2_etcd_snapshot_save_duration_seconds_count{status=\"success\"} 1",
        "rke2_etcd_snapshot_save_local_duration_seconds_count{status=\"success\"} 1",
        "rke2_etcd_snapshot_save_s3_duration_seconds_count{status=\"success\"} 1"), counts);
  }

  @Test
  void helpAndTypeAreRke2s() throws Exception {
    String body = text("/metrics");
    for (Operation op : Operation.values()) {
      String name = op.metricName("rke2");
      assertTrue(body.contains("# HELP " + name + " " + op.help() + "\n"), name);
      assertTrue(body.contains("# TYPE " + name + " histogram\n"), name);
    }
    assertTrue(body.contains("# HELP rke2_etcd_snapshot_save_s3_duration_seconds Total time in seconds taken to "
        + "upload a snapshot file to S3, labeled by success/failure status.\n"));
  }

  @Test
  void bucketsAreRke2sClassicBoundsPlusInfAndNothingElse() throws Exception {
    String body = text("/metrics");
    List<String> bounds = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("rke2_etcd_snapshot_save_duration_seconds_bucket{")) {
        bounds.add(line.replaceAll(".*le=\"([^\"]+)\".*", "$1"));
      }
    }
    assertEquals(List.of("0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048",
        "4.096", "8.192", "16.384", "32.768", "65.536", "131.072", "+Inf"), bounds);
    // 2.5 s lands in le="4.096" but not le="2.048"; the sum is in seconds.
    assertTrue(body.contains("rke2_etcd_snapshot_save_duration_seconds_bucket{status=\"success\",le=\"2.048\"} 0\n"));
    assertTrue(body.contains("rke2_etcd_snapshot_save_duration_seconds_bucket{status=\"success\",le=\"4.096\"} 1\n"));
    assertTrue(body.contains("rke2_etcd_snapshot_save_duration_seconds_sum{status=\"success\"} 2.5\n"));
  }

  @Test
  void openMetricsProtobufGzipAndNameFilter() throws Exception {
    HttpResponse<byte[]> openMetrics = get(endpoint.port(), "/metrics",
        "Accept", "application/openmetrics-text; version=1.0.0");
    assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
    assertTrue(new String(openMetrics.body(), StandardCharsets.UTF_8).endsWith("# EOF\n"));

    HttpResponse<byte[]> protobuf = get(endpoint.port(), "/metrics", "Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    assertTrue(protobuf.headers().firstValue("Content-Type").orElse("").contains("protobuf"));
    assertTrue(protobuf.body().length > 0);

    HttpResponse<byte[]> gzip = get(endpoint.port(), "/metrics", "Accept-Encoding", "gzip");
    assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
      assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .contains("rke2_etcd_snapshot_save_duration_seconds_count"));
    }

    String filtered = text("/metrics?name[]=rke2_etcd_snapshot_save_s3_duration_seconds");
    assertTrue(filtered.contains("rke2_etcd_snapshot_save_s3_duration_seconds_count"));
    assertFalse(filtered.contains("reconcile"), filtered);
  }

  @Test
  void healthEndpointAnswers() throws Exception {
    assertTrue(text("/-/healthy").contains("healthy"));
  }

  @Test
  void errorsAreExportedOnlyOnceOneHappens() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    SnapshotMetrics metrics = new SnapshotMetrics("k3s", new double[] {1, 2}, registry);
    metrics.record(Operation.SAVE.ordinal(), 1_500_000_000L, 0, true);
    try (MetricsEndpoint own = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
      String body = new String(get(own.port(), "/metrics").body(), StandardCharsets.UTF_8);
      assertTrue(body.contains("k3s_etcd_snapshot_save_duration_seconds_bucket{status=\"error\",le=\"1.0\"} 0\n"), body);
      assertTrue(body.contains("k3s_etcd_snapshot_save_duration_seconds_bucket{status=\"error\",le=\"2.0\"} 1\n"), body);
      assertTrue(body.contains("k3s_etcd_snapshot_save_duration_seconds_count{status=\"error\"} 1\n"), body);
      assertFalse(body.contains("status=\"success\""), body);
    }
  }
}
