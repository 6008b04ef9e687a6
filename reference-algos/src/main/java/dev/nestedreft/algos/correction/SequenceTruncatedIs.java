package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * {@code seq-tis}: the truncated sequence-level importance weight, {@code w_t = min(ρ_seq, C)} on every token of
 * the sequence, with {@code ρ_seq = exp(Σ_t log ρ_t)}. Every token of a sequence with {@code ρ_seq > C} counts as
 * clipped.
 *
 * <p><b>Biased</b> only through the truncation: it is {@code is} wherever {@code ρ_seq ≤ C}, and bounds the
 * variance where {@code is} would explode.
 */
final class SequenceTruncatedIs extends DoublePrecisionCorrection {
  static final String NAME = "seq-tis";

  private final double cap;

  SequenceTruncatedIs(double cap) {
    super(NAME);
    this.cap = cap;
  }

  @Override
  void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      double ratio = Math.exp(tokens.sequenceLogRatio(i));
      for (int t = 0; t < tokens.length(i); t++) {
        out.set(i, t, Math.min(ratio, cap), ratio > cap);
      }
    }
  }
}
