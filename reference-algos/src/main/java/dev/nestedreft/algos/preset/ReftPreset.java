package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code reft}: standard ReFT. Behavior {@code full}, correction {@code none} (exact: every {@code ρ_t = 1}),
 * advantage {@code grpo}, aggregation {@code seq-mean-token-mean}, no KL penalty, no entropy bonus.
 */
public final class ReftPreset implements AlgorithmPreset {
  @Override
  public String name() {
    return "reft";
  }

  @Override
  public String description() {
    return "Standard ReFT (GRPO-style RL fine-tuning with verifiable rewards): rollouts come from the full target "
        + "model (behavior full), so every importance ratio is 1 and the correction none is exact; GRPO "
        + "group-normalised advantages; seq-mean-token-mean loss aggregation; no KL penalty, no entropy bonus. "
        + "The baseline that nested-reft is compared with.";
  }

  @Override
  public Algorithm algorithm() {
    return new Algorithm(
        "full", ComponentParams.of("behavior", "full", ""),
        "none", ComponentParams.of("correction", "none", ""),
        "grpo", ComponentParams.of("advantage", "grpo", ""),
        LossAggregation.SEQ_MEAN_TOKEN_MEAN,
        0.0, KlEstimator.K3,
        0.0);
  }
}
