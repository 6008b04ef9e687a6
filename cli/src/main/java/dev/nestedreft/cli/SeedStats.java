package dev.nestedreft.cli;

import java.util.Arrays;

/**
 * Summary statistics of one figure over a comparison's seeds: mean, sample standard deviation, the 95% Student-t
 * interval of the mean, median and range. Values that are not finite (a figure a run did not record) are left out,
 * so {@link #n()} counts the seeds that have it; with none, every statistic is NaN. Immutable.
 */
final class SeedStats {
  /** t quantiles {@code t(0.975, df)} for {@code df} = 1 to 30 (beyond, {@link #tCritical95} expands). */
  private static final double[] T_975 = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624,
      2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
      2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230,
      2.042272};
  /** The standard normal's 97.5% quantile. */
  private static final double Z_975 = 1.959963984540054;

  private final double[] values;

  private SeedStats(double[] values) {
    this.values = values;
  }

  /** The statistics of the finite ones of {@code values}. */
  static SeedStats of(double... values) {
    return new SeedStats(Arrays.stream(values).filter(Double::isFinite).toArray());
  }

  /** How many finite values there are. */
  int n() {
    return values.length;
  }

  double mean() {
    return n() == 0 ? Double.NaN : Arrays.stream(values).sum() / n();
  }

  /** The sample standard deviation (divisor {@code n - 1}); NaN for fewer than two values. */
  double sd() {
    if (n() < 2) {
      return Double.NaN;
    }
    double mean = mean();
    return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n() - 1));
  }

  /** Half the width of the 95% t-interval of the mean, {@code t(0.975, n-1) · sd / √n}; NaN for fewer than two. */
  double halfWidth95() {
    return n() < 2 ? Double.NaN : tCritical95(n() - 1) * sd() / Math.sqrt(n());
  }

  /** The 95% t-interval's lower end; NaN for fewer than two values. */
  double low95() {
    return mean() - halfWidth95();
  }

  /** The 95% t-interval's upper end; NaN for fewer than two values. */
  double high95() {
    return mean() + halfWidth95();
  }

  double median() {
    if (n() == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return n() % 2 == 1 ? sorted[n() / 2] : (sorted[n() / 2 - 1] + sorted[n() / 2]) / 2;
  }

  double min() {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  double max() {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /**
   * The Student-t distribution's 97.5% quantile with {@code df} degrees of freedom: tabulated to 6 decimals up to
   * 30, then the Cornish-Fisher expansion around the normal quantile (within 1e-7 from 30 on).
   */
  static double tCritical95(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    if (df <= T_975.length) {
      return T_975[df - 1];
    }
    double z = Z_975;
    double v = df;
    return z + (Math.pow(z, 3) + z) / (4 * v)
        + (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / (96 * v * v)
        + (3 * Math.pow(z, 7) + 19 * Math.pow(z, 5) + 17 * Math.pow(z, 3) - 15 * z) / (384 * v * v * v)
        + (79 * Math.pow(z, 9) + 776 * Math.pow(z, 7) + 1482 * Math.pow(z, 5) - 1920 * Math.pow(z, 3) - 945 * z)
        / (92160 * v * v * v * v);
  }
}
