package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;

/**
 * {@code rloo}: REINFORCE with a leave-one-out baseline (Kool et al., 2019; Ahmadian et al., 2024),
 * {@code A_i = r_i − (1/(n − 1)) Σ_{j ≠ i} r_j} over the {@code n} sequences of {@code i}'s group, which equals
 * {@code n/(n − 1) · (r_i − mean_g)}. The baseline does not depend on {@code r_i}, so the estimator stays
 * unbiased. A group of one sequence gets 0.
 */
final class RlooAdvantage implements AdvantageEstimator {
  static final String NAME = "rloo";

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
      double sum = RewardGroups.sum(rewards, members);
      for (int i : members) {
        out[i] = (float) (rewards[i] - (sum - rewards[i]) / (members.length - 1));
      }
    }
    return out;
  }
}
