package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

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

  /** Whether the band applies to each token's ratio or to the whole sequence's. */
  enum Level {
    TOKEN,
    SEQUENCE
  }

  private final Level level;
  private final double lo;
  private final double hi;

  RatioMask(Level level, double lo, double hi) {
    super(NAME);
    this.level = level;
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      double sequenceRatio = level == Level.SEQUENCE ? Math.exp(tokens.sequenceLogRatio(i)) : Double.NaN;
      for (int t = 0; t < tokens.length(i); t++) {
        double ratio = level == Level.SEQUENCE ? sequenceRatio : Math.exp(tokens.logRatio(i, t));
        boolean kept = ratio >= lo && ratio <= hi;
        out.set(i, t, kept ? ratio : 0.0, !kept);
      }
    }
  }
}
