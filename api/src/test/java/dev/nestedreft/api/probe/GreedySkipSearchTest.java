package dev.nestedreft.api.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.model.LayerPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The search on made-up costs, where the best sets are known. */
class GreedySkipSearchTest {
  private static final int LAYERS = 8;
  private final List<LayerPlan> probed = new ArrayList<>();

  /** kl = the sum of per-layer costs, plus {@code company} when layer 2 is skipped with any other layer. */
  private Function<LayerPlan, PlanFigures> costs(double[] perLayer, double company) {
    return plan -> {
      probed.add(plan);
      int[] skipped = plan.skipped();
      double kl = Arrays.stream(skipped).mapToDouble(l -> perLayer[l]).sum();
      if (skipped.length > 1 && Arrays.binarySearch(skipped, 2) >= 0) {
        kl += company;
      }
      return new PlanFigures(kl, kl, 1, 0);
    };
  }

  @Test
  void withAdditiveCostsTheGreedySearchSkipsTheCheapestLayersInTheRange() {
    double[] perLayer = {0.01, 0.9, 0.3, 0.5, 0.2, 0.4, 0.6, 0.02};
    Map<Integer, GreedySkipSearch.Found> found = GreedySkipSearch.run(SkippableLayers.of(LAYERS, true),
        new TreeSet<>(List.of(1, 3)), 1, costs(perLayer, 0), line -> { });
    assertThat(found.get(1).order()).containsExactly(4);
    assertThat(found.get(3).order()).containsExactly(4, 2, 5);
    assertThat(found.get(3).plan().skipped()).containsExactly(2, 4, 5);
    assertThat(probed).hasSize(6 + 5 + 4); // each step probes every extension of the one kept set
  }

  @Test
  void aWiderBeamFindsWhatTheGreedyChoiceMisses() {
    // Layer 2 is the cheapest alone but costly with any other: the greedy search takes it first and is stuck with
    // it; a beam of two also keeps layer 4 and pairs it with 5.
    double[] perLayer = {0.5, 0.5, 0.1, 0.5, 0.15, 0.16, 0.5, 0.5};
    Map<Integer, GreedySkipSearch.Found> one = GreedySkipSearch.run(SkippableLayers.of(LAYERS, true),
        new TreeSet<>(List.of(1, 2)), 1, costs(perLayer, 1), line -> { });
    Map<Integer, GreedySkipSearch.Found> two = GreedySkipSearch.run(SkippableLayers.of(LAYERS, true),
        new TreeSet<>(List.of(1, 2)), 2, costs(perLayer, 1), line -> { });
    assertThat(one.get(1).order()).containsExactly(2);
    assertThat(one.get(2).order()).containsExactly(2, 4);
    assertThat(two.get(1).order()).containsExactly(2);
    assertThat(two.get(2).order()).containsExactly(4, 5);
  }

  @Test
  void sizeZeroIsTheFullPlan() {
    Map<Integer, GreedySkipSearch.Found> found = GreedySkipSearch.run(SkippableLayers.of(LAYERS, true),
        new TreeSet<>(List.of(0)), 1, costs(new double[LAYERS], 0), line -> { });
    assertThat(found.get(0).plan().isFull()).isTrue();
    assertThat(found.get(0).order()).isEmpty();
    assertThat(probed).isEmpty();
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(ThroughputRounds.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(ThroughputRounds.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
