package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code nested-reft}: Nested-ReFT. Behavior {@code random-skip} with {@code fraction=0.25}, correction
 * {@code seq-tis} with {@code c=2} (chosen by measurement, docs/RESULTS.md), advantage {@code grpo}, aggregation
 * {@code seq-mean-token-mean}, no KL penalty, no entropy bonus.
 */
public final class NestedReftPreset extends DeclaredPreset {
  public NestedReftPreset() {
    super("nested-reft",
        "Nested-ReFT: each step's rollouts come from a fresh random nested sub-network of the target model (behavior "
        + "random-skip, fraction=0.25: a quarter of the layers skipped, drawn uniformly from layers 1..L-2, so the "
        + "first and last layers always run), and the off-policy gap to the full target is corrected with importance "
        + "weights. The correction is seq-tis with c=2 (the sequence-level ratio truncated at 2), chosen by "
        + "measurement against the token-level and masked variants: it tied with the untruncated is for the best "
        + "accuracy and bounds the weights (docs/RESULTS.md). GRPO advantages; seq-mean-token-mean loss aggregation; "
        + "no KL penalty, no entropy bonus.",
        Algorithm.builder().behavior("random-skip", "fraction=0.25")
            .correction("seq-tis", "c=2.0")
            .advantage("grpo", "")
            .aggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN)
            .build());
  }
}
