package dev.rke2metrics.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A separate JVM for the tests that only a real process can answer, with its output captured. */
final class JvmProcess implements AutoCloseable {
  static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/rke2-metrics.jar")).toAbsolutePath();
  static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
  static final Path RESOURCES = TEST_CLASSES; // each scenario's resources folder is copied here
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** What RKE2's verification prints for 3 reconciles (S3 once) and one save to local and S3. */
  static final List<String> RKE2_VERIFICATION = List.of(
      "rke2_etcd_snapshot_reconcile_duration_seconds_count{status=\"success\"} 3",
      "rke2_etcd_snapshot_reconcile_local_duration_seconds_count{status=\"success\"} 3",
      "rke2_etcd_snapshot_reconcile_s3_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_local_duration_seconds_count{status=\"success\"} 1",
      "rke2_etcd_snapshot_save_s3_duration_seconds_count{status=\"success\"} 1");
  private static final Pattern SERVING = Pattern.compile("rke2-metrics: serving http://[^:]+:(\\d+)/metrics");

  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final Writer stdin;
  private final Thread outReader;
  private final Thread errReader;

  private JvmProcess(List<String> command) throws IOException {
    process = new ProcessBuilder(command).start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    outReader = collect(process.getInputStream(), out);
    errReader = collect(process.getErrorStream(), err);
  }

  /** Starts {@code java [jvmArgs] -cp classPath mainClass [args]} with this JVM's java. */
  static JvmProcess java(List<String> jvmArgs, String classPath, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    if (classPath != null) {
      command.add("-cp");
      command.add(classPath);
    }
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return new JvmProcess(command);
  }

  /** {@code -javaagent:rke2-metrics.jar=<scenario>/agent.properties}. */
  static String agentFlag(String scenario) {
    return "-javaagent:" + AGENT_JAR + "=" + RESOURCES.resolve(scenario).resolve("agent.properties");
  }

  private static Thread collect(InputStream stream, List<String> lines) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    });
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  long pid() {
    return process.pid();
  }

  List<String> out() {
    return out;
  }

  List<String> err() {
    return err;
  }

  /** Waits until a stdout line matches, and returns its match. */
  Matcher awaitOut(String regex) throws InterruptedException {
    return await(out, 0, regex);
  }

  /** Waits until a stderr line matches, and returns its match. */
  Matcher awaitErr(String regex) throws InterruptedException {
    return await(err, 0, regex);
  }

  /** Polls the captured lines from {@code from} on until one matches, the process ends or time runs out. */
  private Matcher await(List<String> lines, int from, String regex) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int seen = from;
    while (System.nanoTime() < deadline) {
      boolean ended = !outReader.isAlive() && !errReader.isAlive();
      for (; seen < lines.size(); seen++) {
        Matcher matcher = pattern.matcher(lines.get(seen));
        if (matcher.find()) {
          return matcher;
        }
      }
      if (ended) {
        break; // both pipes closed: no more lines will come
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no line matched '" + regex + "'\nstdout: " + out + "\nstderr: " + err);
  }

  /** The port from the agent's start-up line. */
  int agentPort() throws InterruptedException {
    return Integer.parseInt(await(err, 0, SERVING.pattern()).group(1));
  }

  /** Sends a command line and waits for the program's answer to it. */
  String send(String command) throws IOException, InterruptedException {
    int answered = out.size();
    stdin.write(command + "\n");
    stdin.flush();
    return await(out, answered, "^(ok|error) " + Pattern.quote(command) + ".*").group();
  }

  /** Closes stdin and waits for the exit code. */
  int finish() throws IOException, InterruptedException {
    stdin.close();
    return waitFor();
  }

  int waitFor() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the process did not exit\nstdout: " + out + "\nstderr: " + err);
    }
    outReader.join(TIMEOUT.toMillis());
    errReader.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /** RKE2's verification: {@code curl -s localhost:PORT/metrics | grep 'etcd_snapshot_.*_count'}. */
  static List<String> snapshotCounts(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body().lines().filter(line -> line.matches(".*etcd_snapshot_.*_count.*"))
        .collect(Collectors.toList());
  }

  static String classPath(Path... entries) {
    return Arrays.stream(entries).map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
  }
}
