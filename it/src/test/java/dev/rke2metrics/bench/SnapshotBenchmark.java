package dev.rke2metrics.bench;

import dev.rke2metrics.it.Scrape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshot itself: sample-app's save against {@code etcdctl snapshot save} on the same etcd, interleaved.
 *
 * <p>Warm, the main figure: two {@code sample-app shell} processes (without and with the agent) stay up and
 * save on request; each save is timed from writing the {@code save} line to reading {@code ok save}, which is
 * the whole save call (local save, retention, reconcile) plus parsing the line and opening and closing the etcd
 * client. etcdctl is timed as a whole process: Go starts in milliseconds, so its process is its snapshot. With
 * the agent, its own {@code save} and {@code save_local} histograms are read before and after each save as a
 * second source. Cold, the secondary figure: {@code java -jar sample-app.jar save} as a whole process, without
 * and with the agent, so JVM and library start-up are shown too.
 *
 * <p>Each variant starts from an empty directory, so no save waits for a fresh name (two saves in one second
 * would share one) and retention has nothing to delete. The variants run in rounds whose order follows {@link
 * #ORDER}, whole cycles of it. The warm rounds are cheap (~1.5 s) and the agent's effect is judged on them against
 * a 2% target, about the spread of this machine, so there are at least twice as many as cold ones; the agent's
 * effect is also given as the median of per-round ratios (its save over the save without it in the same round),
 * which cancels slow drifts of the machine.
 *
 * <p>Usage: {@code SnapshotBenchmark RUNS ENDPOINT SAMPLE_APP_JAR AGENT_JAR AGENT_PROPERTIES WORK_DIR}
 */
public final class SnapshotBenchmark {
  private static final int WARM_UP = 5;
  /**
   * The order of etcdctl (E), the save without (P) and with the agent (A) in each round. Over these six rounds,
   * the last leading into the first, each runs twice in each place and follows each other one exactly three
   * times: what ran just before a save (and left the disk or the etcd server busy) is the same for all three.
   */
  private static final String[] ORDER = {"EPA", "EAP", "APE", "PEA", "PAE", "AEP"};
  private static final Pattern PORT = Pattern.compile("rke2-metrics: serving https?://[^:/]+:(\\d+)/metrics");

  private SnapshotBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = wholeCycles(Integer.parseInt(args[0]));
    int warmRuns = wholeCycles(2 * Integer.parseInt(args[0]));
    String endpoint = args[1];
    Path jar = Path.of(args[2]);
    String agentArg = "-javaagent:" + args[3] + "=" + args[4];
    Path work = Files.createDirectories(Path.of(args[5]));
    Path etcdctlFile = Files.createDirectories(work.resolve("etcdctl")).resolve("snapshot.db");

    List<Double> etcdctl = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    List<Double> warmAgent = new ArrayList<>();
    List<Double> agentSave = new ArrayList<>();
    List<Double> agentLocal = new ArrayList<>();
    try (Shell plain = new Shell(jar, List.of(), endpoint, work.resolve("plain"));
        Shell agent = new Shell(jar, List.of(agentArg), endpoint, work.resolve("agent"))) {
      for (int i = 0; i < WARM_UP; i++) {
        etcdctl(endpoint, etcdctlFile);
        plain.save();
        agent.save();
      }
      // Both JVMs into the same GC state: otherwise the comparison measures when G1 first shrinks
      // its heap (at the first concurrent cycle), which the agent's ~700 classes bring forward by
      // pushing metaspace past MetaspaceSize at start-up; a smaller heap then makes ~2x the young GCs
      // per 110 MB save (docs/BENCHMARKS.md). One full GC each resizes both heaps alike.
      plain.fullGc();
      agent.fullGc();
      // The agent's histograms are read once a round, after all three, so the scrape precedes each variant
      // equally often (the next round's first) rather than always the agent's own save.
      double[] before = agent.histogramSums();
      for (int run = 0; run < warmRuns; run++) {
        for (char variant : ORDER[run % ORDER.length].toCharArray()) {
          switch (variant) {
            case 'E' -> etcdctl.add(etcdctl(endpoint, etcdctlFile));
            case 'P' -> warm.add(plain.save());
            default -> warmAgent.add(agent.save());
          }
        }
        double[] after = agent.histogramSums();
        agentSave.add(after[0] - before[0]);
        agentLocal.add(after[1] - before[1]);
        before = after;
      }
    }

    List<Double> coldEtcdctl = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    List<Double> coldAgent = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      for (char variant : ORDER[run % ORDER.length].toCharArray()) {
        switch (variant) {
          case 'E' -> coldEtcdctl.add(etcdctl(endpoint, etcdctlFile));
          case 'P' -> cold.add(coldSave(jar, List.of(), endpoint, work.resolve("cold")));
          default -> coldAgent.add(coldSave(jar, List.of(agentArg), endpoint, work.resolve("cold-agent")));
        }
      }
    }

    System.out.printf(Locale.ROOT, "snapshot: %.1f MB; warm: %d interleaved rounds after %d warm-up saves; cold: %d "
        + "interleaved rounds; medians (min-max)%n%n", Files.size(etcdctlFile) / 1e6, warmRuns, WARM_UP, runs);
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < warmRuns; i++) {
      paired.add(warmAgent.get(i) / warm.get(i));
    }
    double e = Median.of(etcdctl);
    double w = Median.of(warm);
    double wa = Median.of(warmAgent);
    double ce = Median.of(coldEtcdctl);
    double c = Median.of(cold);
    double ca = Median.of(coldAgent);
    System.out.println("| | median wall (s) | ratio | target |");
    System.out.println("|---|---|---|---|");
    row("`etcdctl snapshot save` (whole process)", etcdctl, "", "");
    row("`sample-app` save in a running `shell` (whole save call)", warm, ratio(w, e, "etcdctl"), "≤ 1.1");
    row("the same, with the agent", warmAgent, ratio(wa, w, "without"), "≤ 1.02");
    row("with the agent, its own `save` histogram per save", agentSave, "", "");
    row("with the agent, its own `save_local` histogram per save", agentLocal, "", "");
    row("cold: `etcdctl snapshot save` again", coldEtcdctl, "", "");
    row("cold: `java -jar sample-app.jar save` (whole process)", cold, ratio(c, ce, "etcdctl"), "");
    row("cold: the same, with the agent", coldAgent, ratio(ca, c, "without"), "");
    System.out.println();
    System.out.printf(Locale.ROOT, "warm save / etcdctl %.3f (target <= 1.1); warm with agent / without %.3f "
        + "(target <= 1.02), median of per-round ratios %.3f; cold save / etcdctl %.2f; cold with agent / without %.3f%n",
        w / e, wa / w, Median.of(paired), c / ce, ca / c);
  }

  /** One {@code etcdctl snapshot save} into a fresh file, as a whole process; seconds. */
  private static double etcdctl(String endpoint, Path file) throws Exception {
    Files.deleteIfExists(file);
    return timed(List.of("etcdctl", "--endpoints", endpoint, "snapshot", "save", file.toString()));
  }

  /** One {@code java -jar sample-app.jar save} into an empty directory, as a whole process; seconds. */
  private static double coldSave(Path jar, List<String> jvmArgs, String endpoint, Path dir) throws Exception {
    empty(dir);
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString(), "save", "--endpoints", endpoint, "--dir", dir.toString(),
        "--node-name", "bench", "--retention", "1"));
    return timed(command);
  }

  private static double timed(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("failed (" + exit + "): " + command + "\n" + output);
    }
    return seconds;
  }

  /**
   * A {@code sample-app shell} process kept running, saving on request. Not the it module's {@code SampleApp}:
   * that polls its output file every 20 ms, too coarse to time a ~1.5 s save to 2%; this reads the pipe.
   */
  private static final class Shell implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Path dir;
    private final Path err;
    private int port = -1;

    Shell(Path jar, List<String> jvmArgs, String endpoint, Path dir) throws IOException {
      this.dir = Files.createDirectories(dir);
      this.err = dir.resolveSibling(dir.getFileName() + ".err");
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(jvmArgs);
      command.addAll(List.of("-jar", jar.toString(), "shell", "--endpoints", endpoint, "--dir", dir.toString(),
          "--node-name", "bench", "--retention", "1"));
      process = new ProcessBuilder(command).redirectError(err.toFile()).start();
      in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A full GC of the shell's JVM, with the JDK's jcmd. */
    void fullGc() throws Exception {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (jcmd.waitFor() != 0) {
        throw new IllegalStateException("jcmd GC.run failed: " + output);
      }
    }

    /** One save, from the line written to its {@code ok}; seconds. */
    double save() throws Exception {
      empty(dir);
      long start = System.nanoTime();
      in.write("save\n");
      in.flush();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("ok save")) {
        if (line.startsWith("error ")) {
          throw new IllegalStateException(line);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (line == null) {
        throw new IllegalStateException("shell ended: " + Files.readString(err));
      }
      return seconds;
    }

    /** The agent's {@code save} and {@code save_local} duration sums (successes), in seconds. */
    double[] histogramSums() throws Exception {
      if (port < 0) {
        port = agentPort();
      }
      String text = Scrape.metrics(port);
      return new double[] {sum(text, "save"), sum(text, "save_local")};
    }

    /** The port of the agent's endpoint, from its start-up line (there by the end of the warm-up saves). */
    private int agentPort() throws IOException {
      Matcher m = PORT.matcher(Files.readString(err));
      if (!m.find()) {
        throw new IllegalStateException("no 'rke2-metrics: serving' line from the agent: " + Files.readString(err));
      }
      return Integer.parseInt(m.group(1));
    }

    private static double sum(String metrics, String op) {
      String prefix = "rke2_etcd_snapshot_" + op + "_duration_seconds_sum{status=\"success\"} ";
      return metrics.lines().filter(l -> l.startsWith(prefix))
          .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).sum();
    }

    @Override
    public void close() throws Exception {
      in.close(); // end of input: the shell exits 0
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroy();
        throw new IllegalStateException("shell did not exit at end of input");
      }
    }
  }

  private static void empty(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  /** {@code atLeast} rounded up to whole cycles of {@link #ORDER}. */
  private static int wholeCycles(int atLeast) {
    return (atLeast + ORDER.length - 1) / ORDER.length * ORDER.length;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void row(String what, List<Double> values, String ratio, String target) {
    System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f-%.3f) | %s | %s |%n", what, Median.of(values),
        Collections.min(values), Collections.max(values), ratio, target);
  }

  private static String ratio(double a, double b, String of) {
    return String.format(Locale.ROOT, "%.3f × %s", a / b, of);
  }

}
