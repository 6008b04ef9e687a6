package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import java.util.List;

/**
 * Base of the reference estimators: each sequence's advantage is a function of its reward and of its group's
 * reward statistics ({@link RewardGroups.Stats}), where the group is the sequences of its prompt, or the whole batch
 * for an estimator that ignores prompts. A group of one sequence gets 0. Computes in double precision and returns
 * floats; the shapes and rewards are checked by {@link RewardGroups}. Stateless and thread-safe.
 */
abstract class GroupAdvantage implements AdvantageEstimator {
  /** Which sequences form a group. */
  enum Grouping {
    /** The sequences with the same group id: the samples of one prompt. */
    BY_PROMPT,
    /** The whole batch, whatever the group ids. */
    WHOLE_BATCH
  }

  private final String name;
  private final Grouping grouping;

  GroupAdvantage(String name, Grouping grouping) {
    this.name = name;
    this.grouping = grouping;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final float[] advantages(long[] groups, double[] rewards) {
    List<int[]> members = grouping == Grouping.WHOLE_BATCH ? RewardGroups.whole(name, groups, rewards)
        : RewardGroups.of(name, groups, rewards);
    float[] out = new float[rewards.length];
    for (int[] group : members) {
      if (group.length == 1) {
        continue;
      }
      RewardGroups.Stats stats = RewardGroups.Stats.of(rewards, group);
      for (int i : group) {
        out[i] = (float) advantage(rewards[i], stats);
      }
    }
    return out;
  }

  /** The advantage of a sequence with {@code reward} in a group of at least two with {@code group}'s statistics. */
  abstract double advantage(double reward, RewardGroups.Stats group);
}
