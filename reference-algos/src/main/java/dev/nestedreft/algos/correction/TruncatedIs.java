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

  private TruncatedIs(String name, Level level, double cap) {
    super(name, level);
    this.cap = cap;
  }

  /** {@code tis}: {@code w_t = min(ρ_t, cap)}. */
  static TruncatedIs tokens(double cap) {
    return new TruncatedIs(TOKEN_NAME, Level.TOKEN, cap);
  }

  /** {@code seq-tis}: {@code w_t = min(ρ_seq, cap)}. */
  static TruncatedIs sequences(double cap) {
    return new TruncatedIs(SEQUENCE_NAME, Level.SEQUENCE, cap);
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
