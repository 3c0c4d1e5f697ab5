package dev.rke2metrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules in deploy/: Prometheus's own promtool accepts both forms (the plain rule file and
 * the PrometheusRule), their groups are identical, the unit tests in the .test.yaml pass, and every
 * alert has a test where it fires and one where it must stay quiet.
 */
class AlertRulesIT {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Path DEPLOY = projectRoot().resolve("deploy");
  private static final Path RULES = DEPLOY.resolve("prometheus/rke2-etcd-snapshot-rules.yaml");
  private static final Path RULE_TESTS = DEPLOY.resolve("prometheus/rke2-etcd-snapshot-rules.test.yaml");
  private static final Path OPERATOR_RULE = DEPLOY.resolve("kubernetes/rke2-etcd-snapshot-prometheusrule.yaml");

  @Test
  void promtoolAcceptsTheRuleFile() {
    Output out = promtool("check", "rules", RULES.toString());
    assertEquals(0, out.exitCode, "promtool check rules " + RULES + ":\n" + out.text);
    assertTrue(out.text.contains("SUCCESS: " + alerts().size() + " rules found"), out.text);
  }

  @Test
  void promtoolAcceptsThePrometheusRuleSpec(@TempDir Path tmp) throws IOException {
    // promtool reads plain rule files: what the operator hands to Prometheus is spec as one.
    Path spec = tmp.resolve("prometheusrule-spec.yaml");
    YAML.writeValue(spec.toFile(), read(OPERATOR_RULE).get("spec"));
    Output out = promtool("check", "rules", spec.toString());
    assertEquals(0, out.exitCode, "promtool check rules on spec of " + OPERATOR_RULE + ":\n" + out.text);
  }

  @Test
  void ruleUnitTestsPass() {
    Output out = promtool("test", "rules", RULE_TESTS.toString());
    assertEquals(0, out.exitCode, "promtool test rules " + RULE_TESTS + ":\n" + out.text);
    assertTrue(out.text.contains("SUCCESS"), out.text);
  }

  @Test
  void prometheusRuleHasExactlyTheGroupsOfTheRuleFile() {
    JsonNode operatorRule = read(OPERATOR_RULE);
    assertEquals("monitoring.coreos.com/v1", operatorRule.path("apiVersion").asText());
    assertEquals("PrometheusRule", operatorRule.path("kind").asText());
    // kube-prometheus-stack's default ruleSelector: release=<Helm release name>
    assertEquals("kube-prometheus-stack", operatorRule.at("/metadata/labels/release").asText());
    String difference = firstDifference(read(RULES).get("groups"), operatorRule.at("/spec/groups"), "groups");
    assertEquals(null, difference, OPERATOR_RULE + " spec.groups differs from the groups of " + RULES
        + " (edit both together): " + difference);
  }

  /** Where two YAML trees first differ, or null when they are equal. */
  private static String firstDifference(JsonNode plain, JsonNode operator, String path) {
    if (plain.equals(operator)) {
      return null;
    }
    if (plain.isContainerNode() && plain.getNodeType() == operator.getNodeType()) {
      Set<String> keys = new TreeSet<>();
      plain.fieldNames().forEachRemaining(keys::add);
      operator.fieldNames().forEachRemaining(keys::add);
      for (int i = 0; plain.isArray() && i < Math.max(plain.size(), operator.size()); i++) {
        keys.add(Integer.toString(i));
      }
      for (String key : keys) {
        JsonNode a = plain.isArray() ? plain.path(Integer.parseInt(key)) : plain.path(key);
        JsonNode b = operator.isArray() ? operator.path(Integer.parseInt(key)) : operator.path(key);
        String difference = firstDifference(a, b, path + "/" + key);
        if (difference != null) {
          return difference;
        }
      }
    }
    return path + ": " + plain + " in the rule file, " + operator + " in the PrometheusRule";
  }

  @Test
  void everyAlertHasAFiringAndAQuietUnitTest() {
    JsonNode tests = read(RULE_TESTS);
    List<String> ruleFiles = new ArrayList<>();
    tests.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
    assertEquals(List.of(RULES.getFileName().toString()), ruleFiles,
        RULE_TESTS + " must test the rule file next to it");

    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode group : tests.path("tests")) {
      for (JsonNode test : group.path("alert_rule_test")) {
        String name = test.path("alertname").asText();
        (test.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
      }
    }
    Set<String> alerts = alerts().keySet();
    for (String alert : alerts) {
      assertTrue(firing.contains(alert), alert + " has no unit test where it fires in " + RULE_TESTS);
      assertTrue(quiet.contains(alert), alert + " has no unit test where it must not fire in " + RULE_TESTS);
    }
    Set<String> unknown = new TreeSet<>(firing);
    unknown.addAll(quiet);
    unknown.removeAll(alerts);
    assertEquals(Set.of(), unknown, "unit tests of alerts that are not in " + RULES);
  }

  @Test
  void everyAlertHasASeverityAndSaysWhereAndWhat() {
    alerts().forEach((name, rule) -> {
      String severity = rule.at("/labels/severity").asText();
      assertTrue(Set.of("warning", "critical").contains(severity), name + ": severity '" + severity + "'");
      for (String annotation : List.of("summary", "description")) {
        assertTrue(rule.at("/annotations/" + annotation).asText().contains("{{ $labels.instance }}"),
            name + ": the " + annotation + " should name the instance");
      }
    });
  }

  @Test
  void rulesNameOnlyMetricsTheAgentExports() {
    alerts().forEach((name, rule) -> {
      Set<String> unknown = new TreeSet<>(DashboardIT.metricNames(rule.path("expr").asText()));
      unknown.removeAll(DashboardIT.EXPORTED_METRICS);
      unknown.remove("up"); // Prometheus's own per-target series
      assertEquals(Set.of(), unknown, name + " names metrics the agent does not export");
    });
  }

  /** The alerting rules of the rule file, by name, in file order. */
  private static Map<String, JsonNode> alerts() {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : read(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          assertEquals(null, alerts.put(rule.get("alert").asText(), rule), "two alerts named " + rule.get("alert"));
        }
      }
    }
    assertTrue(alerts.size() >= 5, "alerts in " + RULES + ": " + alerts.keySet());
    return alerts;
  }

  static JsonNode read(Path yaml) {
    try {
      return YAML.readTree(yaml.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + yaml + ": " + e.getMessage(), e);
    }
  }

  /** The repository root: failsafe sets project.root; run from the module directory it is "..". */
  static Path projectRoot() {
    String root = System.getProperty("project.root");
    return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
  }

  /** A program on the PATH, or a failed test saying how to install it (never a skipped one). */
  static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(program + " is not on the PATH: install Debian's prometheus package "
        + "(apt-get install prometheus; bin/test does this)");
  }

  record Output(int exitCode, String text) {}

  static Output promtool(String... args) {
    List<String> command = new ArrayList<>(List.of(onPath("promtool").toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 60 s:\n" + text);
      }
      return new Output(process.exitValue(), text);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
