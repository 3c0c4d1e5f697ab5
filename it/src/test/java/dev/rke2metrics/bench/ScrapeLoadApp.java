package dev.rke2metrics.bench;

/**
 * For the scrape benchmark: calls a mapped method in a loop for the given seconds and prints calls
 * per second, so a run while {@code wrk} hammers {@code /metrics} can be compared with a quiet one.
 */
public final class ScrapeLoadApp {
  private ScrapeLoadApp() {}

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(args[0]);
    PerCallBenchmark.Work work = new PerCallBenchmark.Work();
    System.out.println("ready");
    long sink = 0;
    long calls = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        sink += work.timed(i);
      }
      calls += 10_000;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(java.util.Locale.ROOT, "calls_per_second %.0f (%d)%n", calls / elapsed, sink & 1);
  }
}
