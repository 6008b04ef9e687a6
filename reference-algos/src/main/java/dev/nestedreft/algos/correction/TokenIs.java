package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * {@code token-is}: the per-token importance ratio {@code w_t = ρ_t = π_target(y_t|y_<t) / q(y_t|y_<t)}.
 *
 * <p><b>Biased</b> for sequences of more than one token: the prefix {@code y_<t} (and the later tokens the
 * advantage depends on) stay distributed as the behavior's. Lower variance than {@code is}: no product over the
 * sequence.
 */
final class TokenIs extends DoublePrecisionCorrection {
  static final String NAME = "token-is";

  TokenIs() {
    super(NAME);
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      for (int t = 0; t < tokens.length(i); t++) {
        out.set(i, t, Math.exp(tokens.logRatio(i, t)), false);
      }
    }
  }
}
