package dev.nestedreft.algos.advantage;

/**
 * {@code rloo}: REINFORCE with a leave-one-out baseline (Kool et al., 2019; Ahmadian et al., 2024),
 * {@code A_i = r_i − (1/(n − 1)) Σ_{j ≠ i} r_j} over the {@code n} sequences of {@code i}'s group, which equals
 * {@code n/(n − 1) · (r_i − mean_g)}. The baseline does not depend on {@code r_i}, so the estimator stays
 * unbiased. A group of one sequence gets 0.
 */
final class RlooAdvantage extends GroupAdvantage {
  static final String NAME = "rloo";

  RlooAdvantage() {
    super(NAME, Grouping.BY_PROMPT);
  }

  @Override
  double advantage(double reward, RewardGroups.Stats group) {
    return reward - (group.sum() - reward) / (group.size() - 1);
  }
}
