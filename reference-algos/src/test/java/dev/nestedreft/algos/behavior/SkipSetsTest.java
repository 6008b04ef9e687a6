package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SkipSetsTest {
  @Test
  void theLowestScoresWithTiesToTheLowerLayer() {
    assertThat(SkipSets.lowest(new double[] {0.5, 0.1, 0.3, 0.1}, 2, 2)).containsExactly(3, 5);
    assertThat(SkipSets.lowest(new double[] {0.2, 0.2, 0.2}, 1, 2)).containsExactly(1, 2);
    assertThat(SkipSets.lowest(new double[] {Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY}, 0, 2))
        .containsExactly(1, 2);
    assertThat(SkipSets.lowest(new double[] {1, 2}, 1, 0)).isEmpty();
  }

  @Test
  void uniformSubsetsInIncreasingOrder() {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 15_000; i++) {
      int[] subset = SkipSets.uniform(random, 1, 6, 2);
      assertThat(subset[0]).isLessThan(subset[1]);
      assertThat(subset[0]).isGreaterThanOrEqualTo(1);
      assertThat(subset[1]).isLessThanOrEqualTo(6);
      counts.merge(subset[0] + "," + subset[1], 1, Integer::sum);
    }
    // C(6, 2) = 15 pairs, 1,000 expected each; the standard deviation of a count is about 31.
    assertThat(counts).hasSize(15);
    counts.values().forEach(c -> assertThat(c).isBetween(850, 1150));
  }
}
