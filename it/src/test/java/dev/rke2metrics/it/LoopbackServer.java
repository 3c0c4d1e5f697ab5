package dev.rke2metrics.it;

import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of Debian's Prometheus binaries ({@code prometheus}, {@code prometheus-pushgateway}) on a free
 * loopback port, its output in a log file, started once it answers {@code /-/ready}.
 */
final class LoopbackServer implements AutoCloseable {
  private final Process process;
  private final String name;
  private final Path log;
  final int port;

  private LoopbackServer(Process process, String name, Path log, int port) {
    this.process = process;
    this.name = name;
    this.log = log;
    this.port = port;
  }

  /** A condition to poll; an exception counts as "not yet". */
  interface Check {
    boolean done() throws Exception;
  }

  /**
   * Starts {@code binary args... --web.listen-address=127.0.0.1:PORT} and waits until it is ready.
   *
   * @param aptPackage what to install when the binary is missing (bin/test installs it)
   */
  static LoopbackServer start(Path binary, String aptPackage, Path dir, List<String> args) throws Exception {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: apt-get install -y " + aptPackage + " (bin/test does)");
    }
    int port = Processes.freePort();
    String name = binary.getFileName().toString();
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(args);
    command.add("--web.listen-address=127.0.0.1:" + port);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LoopbackServer server = new LoopbackServer(process, name, log, port);
    server.awaitTrue(name + " /-/ready on port " + port, () -> Scrape.answers200(server.url() + "/-/ready"));
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Polls a condition, failing at once with the server's log if it exits, or after a minute. */
  void awaitTrue(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") while waiting for " + what
            + ":\n" + Files.readString(log));
      }
      try {
        if (check.done()) {
          return;
        }
      } catch (Exception e) {
        last = e; // not listening yet, or no data yet
      }
      Thread.sleep(100); // the polling period
    }
    throw new AssertionError("no " + what + " within 60 s (last error: " + last + "):\n" + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
