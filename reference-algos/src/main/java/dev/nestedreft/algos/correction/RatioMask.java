package dev.nestedreft.algos.correction;

/**
 * {@code mask}: importance ratios with the tokens or sequences outside a trust band dropped.
 *
 * <ul>
 *   <li>token level: {@code w_t = ρ_t} if {@code lo ≤ ρ_t ≤ hi}, else 0;
 *   <li>sequence level: {@code w_t = ρ_seq} on every token if {@code lo ≤ ρ_seq ≤ hi}, else 0 on every token.
 * </ul>
 *
 * <p>Zeroed tokens count as clipped. <b>Biased</b> (by the mask, and at token level also as {@code token-is});
 * unlike truncation it discards outliers instead of keeping them at a capped weight.
 */
final class RatioMask extends DoublePrecisionCorrection {
  static final String NAME = "mask";

  private final double lo;
  private final double hi;

  /** @param level {@link Level#TOKEN} or {@link Level#SEQUENCE}: the ratio the band applies to */
  RatioMask(Level level, double lo, double hi) {
    super(NAME, level);
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  boolean clipped(double ratio, double advantage) {
    return !(ratio >= lo && ratio <= hi);
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return clipped ? 0.0 : ratio;
  }
}
