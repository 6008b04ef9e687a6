package dev.nestedreft.cli;

import java.util.Locale;

/**
 * Numbers as the reports print them, rounded for reading: {@code 0.780}, {@code 23,126}, {@code +7.0},
 * {@code 1.39×}, {@code 3 min 12 s}. A value that is not finite (a figure a run did not record) is {@code n/a}.
 */
final class Figures {
  /** What a figure that was not recorded reads as. */
  static final String NOT_AVAILABLE = "n/a";

  private Figures() {}

  /** {@code value} with {@code digits} decimals. */
  static String fixed(double value, int digits) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + digits + "f", value) : NOT_AVAILABLE;
  }

  /** {@code value} with one decimal and its sign: {@code +7.0}, {@code -1.5}. */
  static String signed(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.1f", value) : NOT_AVAILABLE;
  }

  /** {@code value} rounded to a whole number, with thousands separators: {@code 23,126}. */
  static String grouped(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : NOT_AVAILABLE;
  }

  /** A ratio with two decimals: {@code 1.39×}. */
  static String times(double value) {
    return Double.isFinite(value) ? fixed(value, 2) + "×" : NOT_AVAILABLE;
  }

  /** A share in percent with one decimal: {@code 61.9%}. */
  static String percent(double share) {
    return Double.isFinite(share) ? fixed(100 * share, 1) + "%" : NOT_AVAILABLE;
  }

  /** A duration: {@code 42 s} under a minute, {@code 3 min 12 s} under an hour, {@code 1 h 05 min} beyond. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return NOT_AVAILABLE;
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
