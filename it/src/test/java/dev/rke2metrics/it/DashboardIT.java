package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in deploy/grafana: it imports into any Grafana (datasource variable), and
 * every query names only metrics the agent exports and runs on a real Prometheus that scrapes the
 * agent's series, returning data.
 */
class DashboardIT {
  /** The contract: every series name the agent exports (with the default prefix rke2). */
  static final List<String> HISTOGRAMS = List.of(
      "rke2_etcd_snapshot_save_duration_seconds",
      "rke2_etcd_snapshot_save_local_duration_seconds",
      "rke2_etcd_snapshot_save_s3_duration_seconds",
      "rke2_etcd_snapshot_reconcile_duration_seconds",
      "rke2_etcd_snapshot_reconcile_local_duration_seconds",
      "rke2_etcd_snapshot_reconcile_s3_duration_seconds");
  static final String LAST_SUCCESS = "rke2_etcd_snapshot_last_success_timestamp_seconds";
  static final String AGENT_INFO = "rke2_metrics_agent_info";
  static final Set<String> EXPORTED_METRICS = exportedMetrics();
  /** The op label of LAST_SUCCESS: each histogram's own word. */
  static final List<String> OPS = List.of("save", "save_local", "save_s3", "reconcile", "reconcile_local", "reconcile_s3");

  private static final Path DASHBOARD = AlertRulesIT.projectRoot().resolve("deploy/grafana/rke2-etcd-snapshot-dashboard.json");
  private static final String DATASOURCE = "${datasource}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode dashboard = readDashboard();

  record Query(String where, String expr) {}

  @Test
  void importsIntoAnyGrafanaThroughTheDatasourceVariable() {
    assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "schemaVersion " + dashboard.path("schemaVersion"));
    assertFalse(dashboard.path("uid").asText().isEmpty(), "a fixed uid keeps links stable across imports");
    JsonNode datasource = variable("datasource");
    assertEquals("datasource", datasource.path("type").asText());
    assertEquals("prometheus", datasource.path("query").asText());
    JsonNode instance = variable("instance");
    assertEquals("query", instance.path("type").asText());
    assertEquals(DATASOURCE, instance.at("/datasource/uid").asText());

    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels()) {
      String title = panel.path("title").asText();
      assertTrue(ids.add(panel.path("id").asInt()), "two panels with id " + panel.path("id"));
      assertEquals(DATASOURCE, panel.at("/datasource/uid").asText(), title + ": a fixed datasource breaks the import");
      assertFalse(panel.path("targets").isEmpty(), title + ": no queries");
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertTrue(refIds.add(target.path("refId").asText()), title + ": two queries " + target.path("refId"));
        if (target.has("datasource")) {
          assertEquals(DATASOURCE, target.at("/datasource/uid").asText(), title + ": query datasource");
        }
        assertTrue(target.path("expr").asText().contains("instance=~\"$instance\""),
            title + " " + target.path("refId").asText() + " ignores the instance variable");
      }
    }
  }

  @Test
  void showsRatesByStatusALatencyHeatmapLocalVersusS3AndTheLastSuccess() {
    List<JsonNode> heatmaps = panels().stream().filter(p -> p.path("type").asText().equals("heatmap")).toList();
    assertFalse(heatmaps.isEmpty(), "no heatmap panel");
    for (JsonNode heatmap : heatmaps) {
      for (JsonNode target : heatmap.path("targets")) {
        // Grafana turns cumulative le buckets into heatmap cells only with format=heatmap.
        assertEquals("heatmap", target.path("format").asText(), heatmap.path("title") + ": format");
        assertTrue(target.path("expr").asText().matches("sum by \\(le\\) \\(increase\\(\\w+_bucket\\{.*"),
            heatmap.path("title") + ": " + target.path("expr"));
      }
    }
    assertTrue(panelExists("timeseries", "sum by (status)"), "no timeseries of calls by status");
    assertTrue(panelExists("timeseries", "save_local_duration_seconds_bucket")
        && panelExists("timeseries", "save_s3_duration_seconds_bucket"), "no local-vs-S3 latency panel");
    assertTrue(panelExists("stat", LAST_SUCCESS), "no stat panel of the last success");
    assertTrue(panelExists("stat", "status=\"error\""), "no stat panel of errors");
  }

  @Test
  void everyQueryNamesOnlyMetricsTheAgentExports() {
    for (Query query : queries()) {
      String expr = substitute(query.expr(), grafanaVariables(".*"));
      Set<String> names = metricNames(expr);
      assertFalse(names.isEmpty(), query.where() + " names no metric: " + expr);
      Set<String> unknown = new TreeSet<>(names);
      unknown.removeAll(EXPORTED_METRICS);
      assertEquals(Set.of(), unknown, query.where() + " names metrics the agent does not export: " + expr);
    }
  }

  @Test
  void everyQueryRunsOnPrometheusAndShowsTheAgentsSeries(@TempDir Path tmp) throws Exception {
    HttpServer agent = serveAgentSeries();
    String instance = "127.0.0.1:" + agent.getAddress().getPort();
    try (PrometheusServer prometheus = PrometheusServer.scraping(tmp, agent.getAddress().getPort())) {
      // Three scrapes in: enough samples for increase() and rate() over 1m.
      prometheus.awaitTrue("three scrapes of " + instance, () -> JSON.readTree(prometheus.query(
          "count_over_time(" + HISTOGRAMS.get(0) + "_count[1m]) >= 3")).path("data").path("result").size() == 2);

      List<String> problems = new ArrayList<>();
      for (Query q : queries()) {
        // The scraped instance, not ".*": a misspelt instance label then shows as "no data".
        String expr = substitute(q.expr(), grafanaVariables(instance));
        JsonNode answer = JSON.readTree(prometheus.query(expr));
        if (!"success".equals(answer.path("status").asText())) {
          problems.add(q.where() + ": " + answer.path("error").asText() + "\n    " + expr);
        } else if (answer.at("/data/result").isEmpty()) {
          problems.add(q.where() + ": no data from the agent's series\n    " + expr);
        }
      }
      assertTrue(problems.isEmpty(), "queries Prometheus rejects or answers with nothing:\n  "
          + String.join("\n  ", problems));
    } finally {
      agent.stop(0);
    }
  }

  @Test
  void metricNamesFindsMetricsNotFunctionsLabelsOrDurations() {
    assertEquals(Set.of("a_bucket", "b", "c:rate5m"), metricNames(
        "histogram_quantile(0.95, sum by (le, job) (rate(a_bucket{le=~\"1|2\", x='y'}[5m]))) "
            + "/ on (job) group_left (version) b offset 1h or label_replace(c:rate5m, \"d\", \"e\", \"\", \"\") "
            + "> bool 1e3 unless sum(b) without (x)"));
    assertEquals(Set.of("rke2_etcd_snapshot_save_duration_seconds_count"),
        metricNames("time() - max(timestamp(rke2_etcd_snapshot_save_duration_seconds_count))"));
  }

  /**
   * The metric names an expression selects: the identifiers left once strings, label matchers,
   * ranges, grouping label lists, functions, keywords and numbers are set aside.
   */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`", "\"\"");
    assertFalse(s.contains("__name__"), "select metrics by name, not by __name__, so they can be checked: " + expr);
    s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^\\]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> keywords = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
        "group_left", "group_right", "inf", "nan");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?<![\\w:.])[a-zA-Z_:][\\w:]*(?![\\w:])(?!\\s*\\()").matcher(s);
    while (m.find()) {
      if (!keywords.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    // Belt and braces: any rke2_ name anywhere (even one the rules above missed) must be a metric.
    Matcher rke2 = Pattern.compile("\\brke2_[a-z0-9_]+").matcher(expr.replaceAll("\\$\\{?\\w+", ""));
    while (rke2.find()) {
      names.add(rke2.group());
    }
    return names;
  }

  private static Set<String> exportedMetrics() {
    Set<String> names = new TreeSet<>();
    for (String histogram : HISTOGRAMS) {
      List.of("_bucket", "_sum", "_count").forEach(suffix -> names.add(histogram + suffix));
    }
    names.add(LAST_SUCCESS);
    names.add(AGENT_INFO);
    return Set.copyOf(names);
  }

  /** Every query of the dashboard: panel targets, and the selector of each label_values variable. */
  private List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(new Query("panel '" + panel.path("title").asText() + "' query " + target.path("refId").asText(),
            target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.path("type").asText().equals("query")) {
        JsonNode q = variable.path("query");
        String text = q.isObject() ? q.path("query").asText() : q.asText();
        Matcher m = Pattern.compile("label_values\\((.+),\\s*\\w+\\)").matcher(text.trim());
        assertTrue(m.matches(), "variable " + variable.path("name") + ": expected label_values(selector, label): " + text);
        queries.add(new Query("variable " + variable.path("name").asText(), m.group(1)));
      }
    }
    assertFalse(queries.isEmpty(), "no queries in " + DASHBOARD);
    return queries;
  }

  /** Values for the variables the dashboard uses, as Grafana would fill them in. */
  private static Map<String, String> grafanaVariables(String instance) {
    return Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h",
        "instance", instance, "datasource", "prometheus");
  }

  /** Grafana's variables in a query, replaced the way Grafana would before sending it. */
  private static String substitute(String expr, Map<String, String> values) {
    Matcher m = Pattern.compile("\\$(?:\\{(\\w+)(?::\\w+)?}|(\\w+))").matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      assertTrue(value != null, "unknown Grafana variable $" + name + " in " + expr);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /**
   * The agent's full output, as it looks once every step has succeeded and failed: each scrape adds
   * one call of ~0.7 s per histogram and status, so rates and increases are never zero.
   */
  private static HttpServer serveAgentSeries() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicLong scrapes = new AtomicLong();
    server.createContext("/metrics", exchange -> {
      long calls = scrapes.incrementAndGet();
      StringBuilder text = new StringBuilder();
      for (String histogram : HISTOGRAMS) {
        text.append("# TYPE ").append(histogram).append(" histogram\n");
        for (String status : List.of("success", "error")) {
          for (int k = 0; k <= 15; k++) {
            String le = k == 15 ? "+Inf" : Double.toString(0.008 * (1 << k));
            long inBucket = k == 15 || 0.008 * (1 << k) >= 0.7 ? calls : 0;
            text.append(String.format(Locale.ROOT, "%s_bucket{status=\"%s\",le=\"%s\"} %d%n", histogram, status, le, inBucket));
          }
          text.append(String.format(Locale.ROOT, "%s_count{status=\"%s\"} %d%n", histogram, status, calls));
          text.append(String.format(Locale.ROOT, "%s_sum{status=\"%s\"} %.1f%n", histogram, status, 0.7 * calls));
        }
      }
      text.append("# TYPE ").append(LAST_SUCCESS).append(" gauge\n");
      double now = System.currentTimeMillis() / 1e3;
      OPS.forEach(op -> text.append(String.format(Locale.ROOT, "%s{op=\"%s\"} %.3f%n", LAST_SUCCESS, op, now)));
      text.append("# TYPE ").append(AGENT_INFO).append(" gauge\n").append(AGENT_INFO).append("{version=\"test\"} 1\n");
      byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private JsonNode variable(String name) {
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    return fail("no template variable '" + name + "' in " + DASHBOARD);
  }

  /** Every panel, including those inside collapsed rows. */
  private List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private boolean panelExists(String type, String exprFragment) {
    return panels().stream().anyMatch(p -> p.path("type").asText().equals(type)
        && p.path("targets").findValuesAsText("expr").stream().anyMatch(e -> e.contains(exprFragment)));
  }

  private static JsonNode readDashboard() {
    try {
      return JSON.readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + DASHBOARD + ": " + e.getMessage(), e);
    }
  }
}
