package dev.nestedreft.api.bench;

import java.util.Arrays;

/**
 * The median of a benchmark's rounds and their range. Benchmarks quote the median, and the range says how far one
 * round could be trusted on a shared machine.
 *
 * @param median the median (the upper median for an even count)
 * @param min the smallest round
 * @param max the largest round
 * @param rounds how many rounds
 */
public record Spread(double median, double min, double max, int rounds) {
  /** The spread of {@code values} (at least one). */
  public static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds to summarise");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Spread(sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  /** {@code (max − min) / median}: 0.1 means the rounds scattered over 10% of the median. */
  public double relativeRange() {
    return (max - min) / median;
  }
}
