package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code dr-grpo}: Dr. GRPO (Liu et al., 2025). Behavior {@code full}, correction {@code none}, advantage
 * {@code dr-grpo} (no std division), aggregation {@code seq-mean-token-sum-norm} (no length normalisation).
 */
public final class DrGrpoPreset extends DeclaredPreset {
  public DrGrpoPreset() {
    super("dr-grpo",
        "Dr. GRPO (Liu et al., 2025, Understanding R1-Zero-Like Training): GRPO without its two normalisations. "
        + "Advantages are group-centred only (dr-grpo: r - mean, no std division), and each sequence's token sum is "
        + "divided by a constant, the maximum number of new tokens (seq-mean-token-sum-norm), not by its own length. "
        + "Full-plan rollouts, correction none; no KL penalty, no entropy bonus.",
        Algorithm.builder().behavior("full", "")
            .correction("none", "")
            .advantage("dr-grpo", "")
            .aggregation(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM)
            .build());
  }
}
