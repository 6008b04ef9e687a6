package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import java.util.Arrays;

/**
 * {@code batch-norm}: REINFORCE++-style normalisation over the whole batch (Hu, 2025), ignoring groups:
 * {@code A_i = (r_i − mean_B) / (std_B + ε)}, with the population standard deviation of the batch's rewards.
 */
final class BatchNormAdvantage implements AdvantageEstimator {
  static final String NAME = "batch-norm";

  private final double eps;

  BatchNormAdvantage(double eps) {
    this.eps = eps;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] advantages(long[] groups, double[] rewards) {
    RewardGroups.check(NAME, groups, rewards);
    float[] out = new float[rewards.length];
    if (rewards.length == 0) {
      return out;
    }
    int[] all = new int[rewards.length];
    Arrays.setAll(all, i -> i);
    double mean = RewardGroups.mean(rewards, all);
    double std = RewardGroups.std(rewards, all);
    for (int i = 0; i < rewards.length; i++) {
      out[i] = (float) ((rewards[i] - mean) / (std + eps));
    }
    return out;
  }
}
