package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code gspo}: GSPO (Zheng et al., 2025). Behavior {@code full}, correction {@code geo-mean} (its defaults,
 * {@code eps_low=3e-4, eps_high=4e-4}), advantage {@code grpo}, aggregation {@code seq-mean-token-mean}.
 */
public final class GspoPreset extends DeclaredPreset {
  public GspoPreset() {
    super("gspo",
        "GSPO (Zheng et al., 2025, Group Sequence Policy Optimization): clips the sequence-level ratio, the "
        + "geometric mean of the token ratios, to [1-3e-4, 1+4e-4] (geo-mean) instead of each token's ratio; GRPO "
        + "advantages; seq-mean-token-mean loss aggregation, which supplies GSPO's 1/|y| length normalisation. "
        + "Full-plan rollouts; no KL penalty, no entropy bonus.",
        Algorithm.builder().behavior("full", "")
            .correction("geo-mean", "eps_low=3e-4,eps_high=4e-4")
            .advantage("grpo", "")
            .aggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN)
            .build());
  }
}
