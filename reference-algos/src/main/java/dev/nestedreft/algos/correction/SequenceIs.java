package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * {@code is}: the sequence-level importance weight, the same for every token of a sequence:
 * {@code w_t = ρ_seq = exp(Σ_t (log π_target(y_t|y_<t) − log q(y_t|y_<t))) = π_target(y) / q(y)}.
 *
 * <p><b>Unbiased.</b> For any function {@code f} of the sequence, {@code E_q[ρ_seq f(y)] = Σ_y q(y) π(y)/q(y) f(y)
 * = E_π[f(y)]}; with {@code f(y) = A(y) Σ_t ∇ log π(y_t|y_<t)} this is the target's policy gradient (given
 * {@code q > 0} wherever {@code π > 0}). The token ratio {@code ρ_t} alone ({@code token-is}) is biased for
 * sequences of more than one token: it corrects the distribution of token {@code t} but leaves the prefix
 * {@code y_<t}, and the tokens after {@code t} that the advantage depends on, distributed as the behavior's.
 *
 * <p>The variance grows with the length and with the divergence of the two policies. A ratio above
 * {@link Float#MAX_VALUE} becomes {@link Float#MAX_VALUE} in the float weights and counts as clipped.
 */
final class SequenceIs extends DoublePrecisionCorrection {
  static final String NAME = "is";

  SequenceIs() {
    super(NAME);
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      double ratio = Math.exp(tokens.sequenceLogRatio(i));
      for (int t = 0; t < tokens.length(i); t++) {
        out.set(i, t, ratio, false);
      }
    }
  }
}
