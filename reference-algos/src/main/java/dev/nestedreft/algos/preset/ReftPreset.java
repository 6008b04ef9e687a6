package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code reft}: standard ReFT. Behavior {@code full}, correction {@code none} (exact: every {@code ρ_t = 1}),
 * advantage {@code grpo}, aggregation {@code seq-mean-token-mean}, no KL penalty, no entropy bonus.
 */
public final class ReftPreset extends DeclaredPreset {
  public ReftPreset() {
    super("reft",
        "Standard ReFT (GRPO-style RL fine-tuning with verifiable rewards): rollouts come from the full target model "
        + "(behavior full), so every importance ratio is 1 and the correction none is exact; GRPO group-normalised "
        + "advantages; seq-mean-token-mean loss aggregation; no KL penalty, no entropy bonus. The baseline that "
        + "nested-reft is compared with.",
        Algorithm.builder().behavior("full", "")
            .correction("none", "")
            .advantage("grpo", "")
            .aggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN)
            .build());
  }
}
