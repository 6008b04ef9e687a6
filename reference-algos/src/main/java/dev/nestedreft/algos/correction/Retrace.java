package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

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
    super(NAME);
    this.lambda = lambda;
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      for (int t = 0; t < tokens.length(i); t++) {
        double ratio = Math.exp(tokens.logRatio(i, t));
        out.set(i, t, lambda * Math.min(1.0, ratio), ratio > 1.0);
      }
    }
  }
}
