package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code rloo}: REINFORCE leave-one-out. Behavior {@code full}, correction {@code none}, advantage {@code rloo},
 * aggregation {@code token-mean}.
 */
public final class RlooPreset implements AlgorithmPreset {
  @Override
  public String name() {
    return "rloo";
  }

  @Override
  public String description() {
    return "RLOO (Ahmadian et al., 2024, Back to Basics; Kool et al., 2019): REINFORCE with a leave-one-out "
        + "baseline, each sample's advantage being its reward minus the mean reward of the other samples of its "
        + "prompt (rloo). Full-plan rollouts, correction none; token-mean loss aggregation. The original folds a "
        + "KL penalty into the reward; this preset has none (set a KL coefficient to add one), and no entropy "
        + "bonus.";
  }

  @Override
  public Algorithm algorithm() {
    return new Algorithm(
        "full", ComponentParams.of("behavior", "full", ""),
        "none", ComponentParams.of("correction", "none", ""),
        "rloo", ComponentParams.of("advantage", "rloo", ""),
        LossAggregation.TOKEN_MEAN,
        0.0, KlEstimator.K3,
        0.0);
  }
}
