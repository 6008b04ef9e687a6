package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;

/**
 * {@code dr-grpo}: group-centred rewards without the standard-deviation division (Liu et al., 2025, "Dr. GRPO"),
 * {@code A_i = r_i − mean_g}. Dividing by {@code std_g} up-weights prompts that are nearly always or never solved;
 * Dr. GRPO drops it. A group of one sequence gets 0.
 */
final class DrGrpoAdvantage implements AdvantageEstimator {
  static final String NAME = "dr-grpo";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] advantages(long[] groups, double[] rewards) {
    float[] out = new float[rewards.length];
    for (int[] members : RewardGroups.of(NAME, groups, rewards)) {
      double mean = RewardGroups.mean(rewards, members);
      for (int i : members) {
        out[i] = (float) (rewards[i] - mean);
      }
    }
    return out;
  }
}
