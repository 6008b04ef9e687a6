package dev.nestedreft.tck.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link AdvantageEstimator}: one finite advantage per sequence, in order, for the rewards of a
 * batch whose sequences carry the group (prompt) id of their prompt. Whatever the estimator, permuting the batch
 * permutes the advantages, and within a group a higher reward never gets a lower advantage. What the baseline is
 * decides the rest ({@link #baseline()}):
 *
 * <ul>
 *   <li>{@link Baseline#GROUP} (the default; GRPO, Dr. GRPO, RLOO): a group's advantages depend on its own rewards
 *       only, sum to 0, and are 0 when its rewards are all equal (a group of one included);
 *   <li>{@link Baseline#BATCH} (REINFORCE++'s batch normalisation): the batch's advantages sum to 0, and are 0 when
 *       every reward of the batch is the same;
 *   <li>{@link Baseline#NONE}: no centring is checked.
 * </ul>
 *
 * <p>Extend it with the implementation under test:
 *
 * <pre>{@code
 * class MyAdvantageTest extends AdvantageEstimatorContract {
 *   protected AdvantageEstimator estimator() { return new MyAdvantage(); }
 *   protected Baseline baseline() { return Baseline.BATCH; }   // only when it is not per group
 * }
 * }</pre>
 *
 * <p>The batches mix binary rewards (verifiable rewards), rewards within ±5, within ±10,000, and groups whose
 * rewards differ by 1e-9; groups of 1 to 8 sequences, interleaved. Advantages are compared within
 * {@code 1e-5 · max(1, |A|)}, and "0" for equal rewards {@code r} means within {@code 1e-5 · max(1, |r|)}. To opt
 * out of one check, override its method without {@code @Test} and say why.
 */
public abstract class AdvantageEstimatorContract {
  /** What an estimator subtracts from a reward: its group's statistic, the batch's, or nothing. */
  public enum Baseline {
    /** Per group: centred within each group, 0 for a group of equal rewards, blind to the other groups. */
    GROUP,
    /** Over the whole batch, ignoring group ids: centred over the batch, 0 when every reward is the same. */
    BATCH,
    /** No centring is documented. */
    NONE
  }

  /** The estimator under test; called once or more per test. */
  protected abstract AdvantageEstimator estimator();

  /** The estimator's baseline; {@link Baseline#GROUP} by default. */
  protected Baseline baseline() {
    return Baseline.GROUP;
  }

  @Test
  void hasAName() {
    assertThat(estimator().name()).isNotBlank();
  }

  @Test
  void givesOneFiniteAdvantagePerSequence() {
    for (Batch batch : batches()) {
      float[] advantages = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      assertThat(advantages).as("%s", batch).hasSize(batch.rewards().length);
      for (int i = 0; i < advantages.length; i++) {
        assertThat(advantages[i]).as("%s: advantage %d", batch, i).isFinite();
      }
    }
  }

  /** The estimator reads neither the position of a sequence nor the order of the groups. */
  @Test
  void permutingTheBatchPermutesTheAdvantages() {
    SplittableRandom random = new SplittableRandom(5);
    for (Batch batch : batches()) {
      int n = batch.rewards().length;
      int[] order = shuffled(random, n);
      long[] groups = new long[n];
      double[] rewards = new double[n];
      for (int i = 0; i < n; i++) {
        groups[i] = batch.groups()[order[i]];
        rewards[i] = batch.rewards()[order[i]];
      }
      float[] expected = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      float[] permuted = estimator().advantages(groups, rewards);
      for (int i = 0; i < n; i++) {
        assertClose(permuted[i], expected[order[i]], "%s: sequence %d moved to %d", batch, order[i], i);
      }
    }
  }

  @Test
  void aHigherRewardInAGroupNeverGetsALowerAdvantage() {
    for (Batch batch : batches()) {
      float[] advantages = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      for (int[] group : batch.members().values()) {
        for (int i : group) {
          for (int j : group) {
            if (batch.rewards()[i] > batch.rewards()[j]) {
              assertThat((double) advantages[i]).as("%s: sequence %d (reward %s) against %d (reward %s)", batch, i,
                  batch.rewards()[i], j, batch.rewards()[j])
                  .isGreaterThanOrEqualTo(advantages[j] - tolerance(advantages[j]));
            }
          }
        }
      }
    }
  }

  /** {@link Baseline#GROUP}: a group of equal rewards, one sequence included, gets 0 whatever the other groups. */
  @Test
  void equalRewardsGetZero() {
    Assumptions.assumeTrue(baseline() != Baseline.NONE, "no baseline is documented");
    for (Batch batch : batches()) {
      if (baseline() == Baseline.BATCH) {
        double[] same = new double[batch.rewards().length];
        Arrays.fill(same, batch.rewards()[0]);
        float[] advantages = estimator().advantages(batch.groups().clone(), same);
        for (int i = 0; i < advantages.length; i++) {
          assertZero(advantages[i], same[0], "%s with every reward %s: sequence %d", batch, same[0], i);
        }
        continue;
      }
      float[] advantages = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      for (Map.Entry<Long, int[]> group : batch.members().entrySet()) {
        int[] members = group.getValue();
        boolean equal = Arrays.stream(members).allMatch(i -> batch.rewards()[i] == batch.rewards()[members[0]]);
        if (equal) {
          for (int i : members) {
            assertZero(advantages[i], batch.rewards()[i], "%s: group %d of %d equal rewards %s, sequence %d", batch,
                group.getKey(), members.length, batch.rewards()[i], i);
          }
        }
      }
    }
  }

  /** {@link Baseline#GROUP}: each group's advantages sum to 0; {@link Baseline#BATCH}: the batch's do. */
  @Test
  void advantagesAreCentred() {
    Assumptions.assumeTrue(baseline() != Baseline.NONE, "no baseline is documented");
    for (Batch batch : batches()) {
      float[] advantages = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      List<int[]> sets = baseline() == Baseline.GROUP ? new ArrayList<>(batch.members().values())
          : List.of(range(advantages.length));
      for (int[] members : sets) {
        double sum = 0;
        double scale = 0;
        for (int i : members) {
          sum += advantages[i];
          scale += Math.abs(advantages[i]);
        }
        assertThat(sum).as("%s: sum of the advantages of sequences %s", batch, Arrays.toString(members))
            .isCloseTo(0, within(1e-5 * Math.max(1, scale)));
      }
    }
  }

  /** {@link Baseline#GROUP}: a group's advantages are the same alone as in any batch. */
  @Test
  void aGroupIgnoresTheOtherGroups() {
    Assumptions.assumeTrue(baseline() == Baseline.GROUP, "the baseline is not per group");
    for (Batch batch : batches()) {
      float[] advantages = estimator().advantages(batch.groups().clone(), batch.rewards().clone());
      for (Map.Entry<Long, int[]> group : batch.members().entrySet()) {
        int[] members = group.getValue();
        long[] groups = new long[members.length];
        double[] rewards = new double[members.length];
        for (int k = 0; k < members.length; k++) {
          groups[k] = group.getKey();
          rewards[k] = batch.rewards()[members[k]];
        }
        float[] alone = estimator().advantages(groups, rewards);
        for (int k = 0; k < members.length; k++) {
          assertClose(alone[k], advantages[members[k]], "%s: group %d alone, sequence %d", batch, group.getKey(),
              members[k]);
        }
      }
    }
  }

  /**
   * A batch: the group id and the reward of each sequence.
   *
   * @param name what kind of batch, for messages
   */
  public record Batch(String name, long[] groups, double[] rewards) {
    /** The indices of each group's sequences, by group id in order of first appearance. */
    Map<Long, int[]> members() {
      Map<Long, List<Integer>> byGroup = new LinkedHashMap<>();
      for (int i = 0; i < groups.length; i++) {
        byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
      }
      Map<Long, int[]> out = new LinkedHashMap<>();
      byGroup.forEach((g, list) -> out.put(g, list.stream().mapToInt(Integer::intValue).toArray()));
      return out;
    }

    @Override
    public String toString() {
      return name + " batch of " + rewards.length;
    }
  }

  /**
   * The batches every check runs on: seeded, with groups of 1 to 8 sequences interleaved, some groups of equal
   * rewards, and rewards that are binary, within ±5, within ±10,000, or 1e-9 apart.
   */
  protected List<Batch> batches() {
    SplittableRandom random = new SplittableRandom(17);
    List<Batch> out = new ArrayList<>();
    String[] kinds = {"binary", "within ±5", "within ±10,000", "1e-9 apart"};
    for (int trial = 0; trial < 24; trial++) {
      String kind = kinds[trial % kinds.length];
      int groupCount = 1 + random.nextInt(6);
      List<Long> groups = new ArrayList<>();
      List<Double> rewards = new ArrayList<>();
      for (int g = 0; g < groupCount; g++) {
        long id = random.nextLong(); // any long is a group id
        int size = 1 + random.nextInt(8);
        boolean equal = random.nextInt(4) == 0;
        double constant = reward(random, kind);
        for (int s = 0; s < size; s++) {
          groups.add(id);
          rewards.add(equal ? constant : reward(random, kind));
        }
      }
      int[] order = shuffled(random, groups.size());
      long[] g = new long[order.length];
      double[] r = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        g[i] = groups.get(order[i]);
        r[i] = rewards.get(order[i]);
      }
      out.add(new Batch(kind, g, r));
    }
    out.add(new Batch("single sequence", new long[] {3}, new double[] {0.7}));
    out.add(new Batch("all rewards 1", new long[] {1, 1, 2, 2, 2}, new double[] {1, 1, 1, 1, 1}));
    return out;
  }

  private static double reward(SplittableRandom random, String kind) {
    return switch (kind) {
      case "binary" -> random.nextInt(2);
      case "within ±5" -> 10 * random.nextDouble() - 5;
      case "within ±10,000" -> 20_000 * random.nextDouble() - 10_000;
      default -> 1 + 1e-9 * random.nextInt(4);
    };
  }

  private static int[] shuffled(SplittableRandom random, int n) {
    int[] order = range(n);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private static int[] range(int n) {
    int[] out = new int[n];
    Arrays.setAll(out, i -> i);
    return out;
  }

  private static double tolerance(double value) {
    return 1e-5 * Math.max(1, Math.abs(value));
  }

  /**
   * 0 within {@code 1e-5 · max(1, |r|)}: the mean of equal rewards {@code r} is exact only up to rounding, and a
   * normalising estimator divides that rounding by its small epsilon.
   */
  private static void assertZero(double actual, double reward, String what, Object... args) {
    assertThat(actual).as(what, args).isCloseTo(0, within(tolerance(reward)));
  }

  private static void assertClose(double actual, double expected, String what, Object... args) {
    assertThat(actual).as(what, args).isCloseTo(expected, within(tolerance(expected)));
  }
}
