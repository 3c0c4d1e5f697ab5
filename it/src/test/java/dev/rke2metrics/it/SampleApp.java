package dev.rke2metrics.it;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java [jvm args] -jar sample-app.jar ARGS} in its own JVM. Output goes to files (a pipe can
 * lose a dying process's last lines), which the waits below poll.
 */
final class SampleApp implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern SERVING = Pattern.compile("rke2-metrics: serving https?://[^:]+:(\\d+)/metrics");

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Writer stdin;

  private SampleApp(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  static SampleApp start(Path logDir, List<String> jvmArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(Project.SAMPLE_APP_JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(logDir, "sample-app-", ".out");
    Path err = Files.createTempFile(logDir, "sample-app-", ".err");
    // From the project root, so relative paths read as in the README.
    Process process = new ProcessBuilder(command).directory(Project.ROOT.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new SampleApp(process, out, err);
  }

  long pid() {
    return process.pid();
  }

  List<String> out() throws IOException {
    return Files.readAllLines(stdout, StandardCharsets.UTF_8);
  }

  List<String> err() throws IOException {
    return Files.readAllLines(stderr, StandardCharsets.UTF_8);
  }

  /** Waits until a stdout line matches and returns the match. */
  Matcher awaitOut(String regex) throws Exception {
    return await(stdout, 0, Pattern.compile(regex));
  }

  /** Waits until a stderr line matches and returns the match. */
  Matcher awaitErr(String regex) throws Exception {
    return await(stderr, 0, Pattern.compile(regex));
  }

  /** The port the agent serves on, from its start-up line. */
  int agentPort() throws Exception {
    return Integer.parseInt(await(stderr, 0, SERVING).group(1));
  }

  /** Number of stdout lines matching. */
  long countOut(String regex) throws IOException {
    Pattern pattern = Pattern.compile(regex);
    return out().stream().filter(line -> pattern.matcher(line).find()).count();
  }

  /** In {@code shell} mode: runs one command line and returns its {@code ok ...}/{@code error ...} line. */
  String send(String commandLine) throws Exception {
    int before = out().size();
    stdin.write(commandLine + "\n");
    stdin.flush();
    String first = commandLine.split(" ", 2)[0];
    return await(stdout, before, Pattern.compile("^(ok|error) " + Pattern.quote(first) + "\\b.*")).group();
  }

  private Matcher await(Path file, int fromLine, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean exited = !process.isAlive();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = fromLine; i < lines.size(); i++) {
        Matcher matcher = pattern.matcher(lines.get(i));
        if (matcher.find()) {
          return matcher;
        }
      }
      if (exited) {
        break;
      }
      Thread.sleep(20); // polling a file: nothing to wait on
    }
    throw new AssertionError("no line matched '" + pattern + "' in " + file.getFileName()
        + "\nstdout: " + out() + "\nstderr: " + err());
  }

  /** Sends SIGTERM, as an operator's {@code kill} or systemd would. */
  void terminate() {
    process.destroy();
  }

  /** Closes stdin (ends {@code shell}) and waits for the exit code. */
  int finish() throws Exception {
    stdin.close();
    return waitFor();
  }

  int waitFor() throws Exception {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("sample-app did not exit\nstdout: " + out() + "\nstderr: " + err());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
