package dev.rke2metrics.bench;

import dev.rke2metrics.sample.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Start-up and memory of whole processes, side by side and interleaved: no agent, rke2-metrics,
 * OpenTelemetry's javaagent and jmx_exporter's, on {@link StartupApp}. Prints medians of wall time
 * and peak RSS (GNU time's %M) and the ratios of what each agent adds.
 *
 * <p>Usage: {@code StartupBenchmark RUNS AGENT_JAR OTEL_JAR JMX_JAR WORK_DIR}
 */
public final class StartupBenchmark {
  private static final String STEPS = "dev.rke2metrics.bench.StartupApp$Steps";
  private static final int GENERATED = 5000;

  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    Path agent = Path.of(args[1]);
    Path otel = Path.of(args[2]);
    Path jmx = Path.of(args[3]);
    Path work = Files.createDirectories(Path.of(args[4]));
    String classPath = System.getProperty("java.class.path");
    Path properties = work.resolve("startup.properties");
    Files.writeString(properties, "port=0\nhost=127.0.0.1\n"
        + "save.total=" + STEPS + "#save\nsave.local=" + STEPS + "#writeLocal\nsave.s3=" + STEPS + "#upload\n"
        + "reconcile.total=" + STEPS + "#reconcile\nreconcile.local=" + STEPS + "#listLocal\n"
        + "reconcile.s3=" + STEPS + "#listS3\n");
    Path jmxConfig = work.resolve("jmx.yaml");
    Files.writeString(jmxConfig, "lowercaseOutputName: true\n");
    Path generated = generateClasses(work.resolve("generated"));

    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("no agent", List.of());
    variants.put("rke2-metrics", List.of("-javaagent:" + agent + "=" + properties));
    variants.put("rke2-metrics, mapped class never loaded", List.of("-javaagent:" + agent + "=" + properties));
    variants.put("OpenTelemetry 2.22.0", List.of("-javaagent:" + otel, "-Dotel.traces.exporter=none",
        "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
        "-Dotel.instrumentation.methods.include=" + STEPS + "[save,writeLocal,upload,reconcile,listLocal,listS3]"));
    variants.put("jmx_exporter 1.0.1", List.of("-javaagent:" + jmx + "=127.0.0.1:" + Processes.freePort() + ":" + jmxConfig));
    variants.put("no agent, 5000 classes", List.of());
    variants.put("rke2-metrics, 5000 classes", List.of("-javaagent:" + agent + "=" + properties));

    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    for (String name : variants.keySet()) {
      samples.put(name, new ArrayList<>());
    }
    for (int run = 0; run < runs; run++) {
      for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
        List<String> appArgs = new ArrayList<>();
        appArgs.add(variant.getKey().contains("never loaded") ? "unmapped" : "mapped");
        if (variant.getKey().contains("5000")) {
          appArgs.add(generated.toString());
          appArgs.add(String.valueOf(GENERATED));
        }
        samples.get(variant.getKey()).add(measure(variant.getValue(), classPath, appArgs));
      }
    }
    report(samples, runs);
  }

  /** Runs one process under GNU time; returns {wall seconds, peak RSS in MB}. */
  private static double[] measure(List<String> jvmArgs, String classPath, List<String> appArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSS_KB=%M",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPath, StartupApp.class.getName()));
    command.addAll(appArgs);
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0 || !output.contains("done ")) {
      throw new IllegalStateException("run failed (" + exit + "): " + command + "\n" + output);
    }
    String rss = output.substring(output.lastIndexOf("RSS_KB=") + "RSS_KB=".length()).trim();
    return new double[] {seconds, Long.parseLong(rss) / 1024.0};
  }

  private static void report(Map<String, List<double[]>> samples, int runs) {
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (Map.Entry<String, List<double[]>> entry : samples.entrySet()) {
      medians.put(entry.getKey(), new double[] {median(entry.getValue(), 0), median(entry.getValue(), 1)});
    }
    double[] none = medians.get("no agent");
    double[] jmx = medians.get("jmx_exporter 1.0.1");
    double[] otel = medians.get("OpenTelemetry 2.22.0");
    System.out.printf(Locale.ROOT, "%d interleaved runs each; medians%n%n", runs);
    System.out.println("| variant | wall (s) | added (s) | peak RSS (MB) | added RSS (MB) |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<String, double[]> entry : medians.entrySet()) {
      double[] base = entry.getKey().contains("5000") ? medians.get("no agent, 5000 classes") : none;
      double[] m = entry.getValue();
      System.out.printf(Locale.ROOT, "| %s | %.3f | %+.3f | %.1f | %+.1f |%n", entry.getKey(), m[0], m[0] - base[0], m[1],
          m[1] - base[1]);
    }
    double[] ours = medians.get("rke2-metrics");
    double[] unloaded = medians.get("rke2-metrics, mapped class never loaded");
    double jmxAdded = jmx[0] - none[0];
    System.out.println();
    System.out.printf(Locale.ROOT, "added start-up, rke2-metrics / jmx_exporter: %.2f (target <= 0.5)%n",
        (ours[0] - none[0]) / jmxAdded);
    System.out.printf(Locale.ROOT, "added start-up, rke2-metrics / OpenTelemetry: %.2f (target <= 0.1)%n",
        (ours[0] - none[0]) / (otel[0] - none[0]));
    System.out.printf(Locale.ROOT, "added start-up, mapped class never loaded / jmx_exporter: %.2f (target <= 0.15)%n",
        (unloaded[0] - none[0]) / jmxAdded);
    System.out.printf(Locale.ROOT, "added RSS, rke2-metrics / jmx_exporter: %.2f (target <= 1)%n",
        (ours[1] - none[1]) / (jmx[1] - none[1]));
    double[] many = medians.get("rke2-metrics, 5000 classes");
    double[] manyNone = medians.get("no agent, 5000 classes");
    System.out.printf(Locale.ROOT, "added start-up with 5000 more classes loaded: %+.3f s vs %+.3f s without them%n",
        many[0] - manyNone[0], ours[0] - none[0]);
  }

  private static double median(List<double[]> values, int index) {
    return Median.of(values.stream().map(value -> value[index]).toList());
  }


  /** 5000 small classes (each with a method, so the agent's matcher has something to look at). */
  private static Path generateClasses(Path dir) throws IOException {
    if (Files.exists(dir.resolve("gen/C" + (GENERATED - 1) + ".class"))) {
      return dir;
    }
    Path sources = Files.createDirectories(dir.resolve("src/gen"));
    List<String> files = new ArrayList<>();
    for (int i = 0; i < GENERATED; i++) {
      Path file = sources.resolve("C" + i + ".java");
      Files.writeString(file, "package gen; public class C" + i + " implements java.io.Serializable {"
          + " public long save(long x) { return x + " + i + "; } }");
      files.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> javacArgs = new ArrayList<>(List.of("-d", dir.toString()));
    javacArgs.addAll(files);
    if (javac.run(null, null, null, javacArgs.toArray(new String[0])) != 0) {
      throw new IllegalStateException("javac failed on the generated classes");
    }
    return dir;
  }
}
