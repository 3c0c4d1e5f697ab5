package dev.rke2metrics.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Where the built artifacts are, and agent properties derived from the shipped mapping. */
final class Project {
  static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar",
      ROOT.resolve("agent/target/rke2-metrics.jar").toString())).toAbsolutePath().normalize();
  static final Path SAMPLE_APP_JAR = Path.of(System.getProperty("sample.app.jar",
      ROOT.resolve("sample-app/target/sample-app.jar").toString())).toAbsolutePath().normalize();
  /** The mapping shipped beside sample-app: the one users run. */
  static final Path SHIPPED_PROPERTIES = ROOT.resolve("sample-app/rke2-metrics.properties");

  /** What RKE2's verification prints for 3 reconciles (S3 once) and one save to local and S3. */
  static final List<String> RKE2_VERIFICATION = List.of(
      "rke2_etcd_snapshot_reconcile_duration_seconds_count{status=\"success\"} 3",
      "rke2_etcd_snapshot_reconcile_local_duration_seconds_count{status=\"success\"} 3",
      "rke2_etcd_snapshot_reconcile_s3_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_local_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_s3_duration_seconds_count{status=\"success\"} 1");

  private Project() {}

  /**
   * The shipped mapping with its {@code port} line replaced (tests use free ports) and more lines
   * added; the six method specs stay exactly as shipped.
   */
  static Path agentProperties(Path dir, int port, String... moreLines) throws IOException {
    List<String> lines = Files.readAllLines(SHIPPED_PROPERTIES).stream()
        .map(line -> line.startsWith("port=") ? "port=" + port + "\nhost=127.0.0.1" : line)
        .collect(Collectors.toList());
    lines.addAll(List.of(moreLines));
    Path file = dir.resolve("agent-" + port + ".properties");
    Files.write(file, lines);
    return file;
  }

  static String agentFlag(Path properties) {
    return "-javaagent:" + AGENT_JAR + "=" + properties;
  }
}
