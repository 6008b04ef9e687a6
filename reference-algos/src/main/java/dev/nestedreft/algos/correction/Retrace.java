package dev.nestedreft.algos.correction;

/**
 * {@code retrace}: Retrace-style truncated traces, {@code w_t = λ · min(1, ρ_t)} (Munos et al., 2016), with
 * {@code λ ∈ (0, 1]}. A token counts as clipped when {@code ρ_t > 1} (the truncation binds); the factor λ scales
 * every token and is not counted.
 *
 * <p><b>Biased</b>: never up-weights a token the target prefers, so it trades bias for the smallest variance of
 * the ratio-based corrections.
 */
final class Retrace extends DoublePrecisionCorrection {
  static final String NAME = "retrace";

  private final double lambda;

  Retrace(double lambda) {
    super(NAME, Level.TOKEN);
    this.lambda = lambda;
  }

  @Override
  boolean clipped(double ratio, double advantage) {
    return ratio > 1.0;
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return lambda * Math.min(1.0, ratio);
  }
}
