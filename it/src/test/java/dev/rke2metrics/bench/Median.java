package dev.rke2metrics.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median the benchmarks report: robust to the odd run the machine slowed down. */
final class Median {
  private Median() {}

  static double of(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
