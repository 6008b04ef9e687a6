package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * {@code tis}: truncated token-level importance sampling, {@code w_t = min(ρ_t, C)}. A token counts as clipped
 * when {@code ρ_t > C}.
 *
 * <p><b>Biased</b> (like {@code token-is}, and further by the truncation); the truncation bounds the weight and so
 * the variance.
 */
final class TruncatedIs extends DoublePrecisionCorrection {
  static final String NAME = "tis";

  private final double cap;

  TruncatedIs(double cap) {
    super(NAME);
    this.cap = cap;
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      for (int t = 0; t < tokens.length(i); t++) {
        double ratio = Math.exp(tokens.logRatio(i, t));
        out.set(i, t, Math.min(ratio, cap), ratio > cap);
      }
    }
  }
}
