package dev.nestedreft.algos.advantage;

/**
 * {@code dr-grpo}: group-centred rewards without the standard-deviation division (Liu et al., 2025, "Dr. GRPO"),
 * {@code A_i = r_i − mean_g}. Dividing by {@code std_g} up-weights prompts that are nearly always or never solved;
 * Dr. GRPO drops it. A group of one sequence gets 0.
 */
final class DrGrpoAdvantage extends GroupAdvantage {
  static final String NAME = "dr-grpo";

  DrGrpoAdvantage() {
    super(NAME, Grouping.BY_PROMPT);
  }

  @Override
  double advantage(double reward, RewardGroups.Stats group) {
    return reward - group.mean();
  }
}
