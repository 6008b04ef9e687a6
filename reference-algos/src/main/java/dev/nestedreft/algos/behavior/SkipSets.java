package dev.nestedreft.algos.behavior;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two ways the reference policies pick {@code k} layers of a skippable range {@code [lo, lo + size − 1]}:
 * uniformly without replacement, or the {@code k} with the lowest scores. Both return the chosen layers in
 * increasing order, ready for {@link dev.nestedreft.spi.model.LayerPlan#skipping}.
 */
final class SkipSets {
  private SkipSets() {}

  /**
   * {@code k} layers uniformly without replacement: a partial Fisher–Yates shuffle of the range, consuming
   * {@code k} draws of {@code random}. Every {@code k}-subset has probability {@code 1 / C(size, k)}.
   */
  static int[] uniform(SplittableRandom random, int lo, int size, int k) {
    int[] pool = new int[size];
    Arrays.setAll(pool, i -> lo + i);
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(size - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int[] chosen = Arrays.copyOf(pool, k);
    Arrays.sort(chosen);
    return chosen;
  }

  /**
   * The layers {@code lo + i} of the {@code k} lowest {@code scores[i]}; equal scores go to the lower layer, so
   * the choice is a function of the scores alone.
   */
  static int[] lowest(double[] scores, int lo, int k) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> {
      int byScore = Double.compare(scores[a], scores[b]);
      return byScore != 0 ? byScore : Integer.compare(a, b);
    });
    int[] chosen = new int[k];
    for (int i = 0; i < k; i++) {
      chosen[i] = lo + order[i];
    }
    Arrays.sort(chosen);
    return chosen;
  }
}
