package dev.nestedreft.algos.advantage;

/**
 * Rewards normalised within a group, {@code A_i = (r_i − mean) / (std + ε)} with the population standard deviation
 * {@code std = sqrt((1/n) Σ_j (r_j − mean)²)}, over one of two groupings.
 *
 * <p>{@code grpo}: group-normalised rewards (Shao et al., 2024), over the sequences of {@code i}'s group {@code g}
 * (its prompt): {@code A_i = (r_i − mean_g) / (std_g + ε)}. A group of one sequence gets 0; a group whose rewards
 * are all equal gets 0 up to rounding (a numerator of order 1e-17 over {@code ε}).
 *
 * <p>{@code batch-norm}: REINFORCE++-style normalisation over the whole batch (Hu, 2025), ignoring groups:
 * {@code A_i = (r_i − mean_B) / (std_B + ε)}.
 */
final class NormalisedAdvantage extends GroupAdvantage {
  static final String GROUP_NAME = "grpo";
  static final String BATCH_NAME = "batch-norm";

  private final double eps;

  /** @param grouping {@link Grouping#BY_PROMPT}: {@code grpo}; {@link Grouping#WHOLE_BATCH}: {@code batch-norm} */
  NormalisedAdvantage(Grouping grouping, double eps) {
    super(grouping == Grouping.BY_PROMPT ? GROUP_NAME : BATCH_NAME, grouping);
    this.eps = eps;
  }

  @Override
  double advantage(double reward, RewardGroups.Stats group) {
    return (reward - group.mean()) / (group.std() + eps);
  }
}
