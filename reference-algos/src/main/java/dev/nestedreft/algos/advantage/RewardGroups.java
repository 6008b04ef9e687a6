package dev.nestedreft.algos.advantage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequences of a batch grouped by prompt: for each group id (in order of first appearance), the indices of
 * its sequences, with the sum and mean of their rewards. Checks the shapes and that every reward is finite.
 */
final class RewardGroups {
  private RewardGroups() {}

  /** The indices of each group's sequences, in batch order. */
  static List<int[]> of(String estimator, long[] groups, double[] rewards) {
    check(estimator, groups, rewards);
    Map<Long, List<Integer>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>(byGroup.size());
    for (List<Integer> members : byGroup.values()) {
      out.add(members.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  /** The whole batch as one group (none for an empty batch), after the same checks as {@link #of}. */
  static List<int[]> whole(String estimator, long[] groups, double[] rewards) {
    check(estimator, groups, rewards);
    if (rewards.length == 0) {
      return List.of();
    }
    int[] all = new int[rewards.length];
    Arrays.setAll(all, i -> i);
    return List.<int[]>of(all);
  }

  static void check(String estimator, long[] groups, double[] rewards) {
    if (groups.length != rewards.length) {
      throw new IllegalArgumentException(String.format("advantage '%s': %d group ids for %d rewards", estimator,
          groups.length, rewards.length));
    }
    for (int i = 0; i < rewards.length; i++) {
      if (!Double.isFinite(rewards[i])) {
        throw new IllegalArgumentException(String.format("advantage '%s': the reward of sequence %d is %s",
            estimator, i, rewards[i]));
      }
    }
  }

  static double sum(double[] rewards, int[] members) {
    double sum = 0;
    for (int i : members) {
      sum += rewards[i];
    }
    return sum;
  }

  static double mean(double[] rewards, int[] members) {
    return sum(rewards, members) / members.length;
  }

  /** The population standard deviation (dividing by {@code n}). */
  static double std(double[] rewards, int[] members) {
    double mean = mean(rewards, members);
    double squares = 0;
    for (int i : members) {
      squares += (rewards[i] - mean) * (rewards[i] - mean);
    }
    return Math.sqrt(squares / members.length);
  }

  /**
   * The reward statistics of one group.
   *
   * @param size the number of sequences {@code n}
   * @param sum {@code Σ r_j}
   * @param mean {@code Σ r_j / n}
   * @param std the population standard deviation {@code sqrt((1/n) Σ (r_j − mean)²)}
   */
  record Stats(int size, double sum, double mean, double std) {
    static Stats of(double[] rewards, int[] members) {
      return new Stats(members.length, RewardGroups.sum(rewards, members), RewardGroups.mean(rewards, members),
          RewardGroups.std(rewards, members));
    }
  }
}
