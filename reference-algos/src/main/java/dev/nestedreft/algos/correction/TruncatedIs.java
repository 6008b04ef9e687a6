package dev.nestedreft.algos.correction;

/**
 * The importance ratio truncated at {@code C}, at one of two levels; a token counts as clipped when its ratio
 * exceeds {@code C}.
 *
 * <p>{@code tis} ({@link Level#TOKEN}): truncated token-level importance sampling, {@code w_t = min(ρ_t, C)}.
 * <b>Biased</b> (like {@code token-is}, and further by the truncation); the truncation bounds the weight and so the
 * variance.
 *
 * <p>{@code seq-tis} ({@link Level#SEQUENCE}): the truncated sequence-level importance weight,
 * {@code w_t = min(ρ_seq, C)} on every token of the sequence, with {@code ρ_seq = exp(Σ_t log ρ_t)}; every token of
 * a sequence with {@code ρ_seq > C} counts as clipped. <b>Biased</b> only through the truncation: it is {@code is}
 * wherever {@code ρ_seq ≤ C}, and bounds the variance where {@code is} would explode.
 */
final class TruncatedIs extends DoublePrecisionCorrection {
  static final String TOKEN_NAME = "tis";
  static final String SEQUENCE_NAME = "seq-tis";

  private final double cap;

  /** @param level {@link Level#TOKEN} for {@code tis}, {@link Level#SEQUENCE} for {@code seq-tis} */
  TruncatedIs(Level level, double cap) {
    super(level == Level.SEQUENCE ? SEQUENCE_NAME : TOKEN_NAME, level);
    this.cap = cap;
  }

  @Override
  boolean clipped(double ratio, double advantage) {
    return ratio > cap;
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return Math.min(ratio, cap);
  }
}
