package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * {@code none}: {@code w_t = 1}. Treats the behavior's samples as if the target had drawn them. Exact when the
 * behavior is the target (standard ReFT, where every {@code ρ_t = 1}); biased for nested rollouts, where it
 * follows the gradient of the behavior's expected advantage rather than the target's.
 */
final class NoCorrection extends DoublePrecisionCorrection {
  static final String NAME = "none";

  NoCorrection() {
    super(NAME);
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      for (int t = 0; t < tokens.length(i); t++) {
        out.set(i, t, 1.0, false);
      }
    }
  }
}
