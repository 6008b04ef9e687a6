package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;

/**
 * {@code grpo}: group-normalised rewards (Shao et al., 2024), {@code A_i = (r_i − mean_g) / (std_g + ε)} over the
 * sequences of {@code i}'s group {@code g}, with the population standard deviation
 * {@code std_g = sqrt((1/n) Σ_j (r_j − mean_g)²)}. A group of one sequence gets 0; a group whose rewards are all
 * equal gets 0 up to rounding (a numerator of order 1e-17 over {@code ε}).
 */
final class GrpoAdvantage implements AdvantageEstimator {
  static final String NAME = "grpo";

  private final double eps;

  GrpoAdvantage(double eps) {
    this.eps = eps;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] advantages(long[] groups, double[] rewards) {
    float[] out = new float[rewards.length];
    for (int[] members : RewardGroups.of(NAME, groups, rewards)) {
      if (members.length == 1) {
        continue;
      }
      double mean = RewardGroups.mean(rewards, members);
      double std = RewardGroups.std(rewards, members);
      for (int i : members) {
        out[i] = (float) ((rewards[i] - mean) / (std + eps));
      }
    }
    return out;
  }
}
