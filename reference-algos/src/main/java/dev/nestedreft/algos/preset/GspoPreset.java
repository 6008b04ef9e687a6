package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code gspo}: GSPO (Zheng et al., 2025). Behavior {@code full}, correction {@code geo-mean} (its defaults,
 * {@code eps_low=3e-4, eps_high=4e-4}), advantage {@code grpo}, aggregation {@code seq-mean-token-mean}.
 */
public final class GspoPreset implements AlgorithmPreset {
  @Override
  public String name() {
    return "gspo";
  }

  @Override
  public String description() {
    return "GSPO (Zheng et al., 2025, Group Sequence Policy Optimization): clips the sequence-level ratio, the "
        + "geometric mean of the token ratios, to [1-3e-4, 1+4e-4] (geo-mean) instead of each token's ratio; "
        + "GRPO advantages; seq-mean-token-mean loss aggregation, which supplies GSPO's 1/|y| length "
        + "normalisation. Full-plan rollouts; no KL penalty, no entropy bonus.";
  }

  @Override
  public Algorithm algorithm() {
    return new Algorithm(
        "full", ComponentParams.of("behavior", "full", ""),
        "geo-mean", ComponentParams.of("correction", "geo-mean", "eps_low=3e-4,eps_high=4e-4"),
        "grpo", ComponentParams.of("advantage", "grpo", ""),
        LossAggregation.SEQ_MEAN_TOKEN_MEAN,
        0.0, KlEstimator.K3,
        0.0);
  }
}
