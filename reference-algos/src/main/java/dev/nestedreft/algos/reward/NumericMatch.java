package dev.nestedreft.algos.reward;

import java.math.BigDecimal;

/**
 * Whether an answer equals a reference, numerically. Two integers must be equal exactly, whatever their size
 * (a 200-digit answer that differs from the reference in its last digit is wrong, and so is 1000001 for
 * 1000000, which a relative tolerance of 1e-6 would accept). Otherwise, when either side has a fractional part,
 * {@code |answer - reference| <= tolerance * max(1, |reference|)}, computed exactly in {@link BigDecimal}.
 */
public final class NumericMatch {
  private NumericMatch() {}

  /**
   * @param answer the value found in the completion
   * @param reference the reference value
   * @param tolerance the relative tolerance, finite and {@code >= 0}
   * @throws IllegalArgumentException for a negative or non-finite tolerance
   */
  public static boolean matches(BigDecimal answer, BigDecimal reference, double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    if (isInteger(answer) && isInteger(reference)) {
      return answer.compareTo(reference) == 0;
    }
    BigDecimal difference = answer.subtract(reference).abs();
    BigDecimal bound = reference.abs().max(BigDecimal.ONE).multiply(BigDecimal.valueOf(tolerance));
    return difference.compareTo(bound) <= 0;
  }

  static boolean isInteger(BigDecimal x) {
    return x.signum() == 0 || x.scale() <= 0 || x.stripTrailingZeros().scale() <= 0;
  }
}
