package dev.rke2metrics.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Reading the agent's endpoint as an operator does (the benchmarks read it too). */
public final class Scrape {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Scrape() {}

  public static String metrics(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /** The lines of RKE2's verification grep, {@code grep 'etcd_snapshot_.*_count'}. */
  static List<String> counts(int port) throws IOException, InterruptedException {
    return metrics(port).lines().filter(line -> line.matches(".*etcd_snapshot_.*_count.*"))
        .collect(Collectors.toList());
  }

  /** One count, or 0 when the series does not exist (a status never seen is not exported). */
  static long count(int port, String metric, String status) throws IOException, InterruptedException {
    String prefix = "rke2_etcd_snapshot_" + metric + "_duration_seconds_count{status=\"" + status + "\"} ";
    return metrics(port).lines().filter(line -> line.startsWith(prefix))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).sum();
  }

  /** Whether a GET answers 200; false while the server is not up yet. */
  static boolean answers200(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Runs the operator's command line itself: {@code curl -s localhost:PORT/metrics | grep ...}. */
  static List<String> curlGrep(int port) throws IOException, InterruptedException {
    Process shell = new ProcessBuilder("bash", "-c",
        "curl -s localhost:" + port + "/metrics | grep 'etcd_snapshot_.*_count'").redirectErrorStream(true).start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    shell.waitFor();
    return output.lines().collect(Collectors.toList());
  }
}
