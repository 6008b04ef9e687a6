package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code nested-reft}: Nested-ReFT. Behavior {@code random-skip} with {@code fraction=0.25}, correction
 * {@code seq-tis} with {@code c=2} (chosen by measurement, docs/RESULTS.md), advantage {@code grpo}, aggregation
 * {@code seq-mean-token-mean}, no KL penalty, no entropy bonus.
 */
public final class NestedReftPreset implements AlgorithmPreset {
  @Override
  public String name() {
    return "nested-reft";
  }

  @Override
  public String description() {
    return "Nested-ReFT: each step's rollouts come from a fresh random nested sub-network of the target model "
        + "(behavior random-skip, fraction=0.25: a quarter of the layers skipped, drawn uniformly from layers "
        + "1..L-2, so the first and last layers always run), and the off-policy gap to the full target is "
        + "corrected with importance weights. The correction is seq-tis with c=2 (the sequence-level ratio "
        + "truncated at 2), chosen by measurement against the token-level and masked variants: it tied with the "
        + "untruncated is for the best accuracy and bounds the weights (docs/RESULTS.md). GRPO advantages; "
        + "seq-mean-token-mean loss aggregation; no KL penalty, no "
        + "entropy bonus.";
  }

  @Override
  public Algorithm algorithm() {
    return new Algorithm(
        "random-skip", ComponentParams.of("behavior", "random-skip", "fraction=0.25"),
        "seq-tis", ComponentParams.of("correction", "seq-tis", "c=2.0"),
        "grpo", ComponentParams.of("advantage", "grpo", ""),
        LossAggregation.SEQ_MEAN_TOKEN_MEAN,
        0.0, KlEstimator.K3,
        0.0);
  }
}
