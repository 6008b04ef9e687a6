package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code rloo}: REINFORCE leave-one-out. Behavior {@code full}, correction {@code none}, advantage {@code rloo},
 * aggregation {@code token-mean}.
 */
public final class RlooPreset extends DeclaredPreset {
  public RlooPreset() {
    super("rloo",
        "RLOO (Ahmadian et al., 2024, Back to Basics; Kool et al., 2019): REINFORCE with a leave-one-out baseline, "
        + "each sample's advantage being its reward minus the mean reward of the other samples of its prompt (rloo). "
        + "Full-plan rollouts, correction none; token-mean loss aggregation. The original folds a KL penalty into the "
        + "reward; this preset has none (set a KL coefficient to add one), and no entropy bonus.",
        Algorithm.builder().behavior("full", "")
            .correction("none", "")
            .advantage("rloo", "")
            .aggregation(LossAggregation.TOKEN_MEAN)
            .build());
  }
}
