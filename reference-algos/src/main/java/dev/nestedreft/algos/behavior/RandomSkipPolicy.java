package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;

/**
 * {@code random-skip}: Nested-ReFT's behavior policy. Each step skips a fresh set {@code S} of {@code k} layers
 * drawn uniformly without replacement from the skippable range {@code [lo, hi]} (by default {@code [1, L − 2]}), so
 * every one of the {@code C(hi − lo + 1, k)} subsets has probability {@code 1 / C(hi − lo + 1, k)}; the plan runs
 * {@code {0, …, L − 1} \ S} in order. The draw is a partial Fisher–Yates shuffle of the range with the stream
 * {@link StepRandom#of(long, long) StepRandom.of(seed, step)}: a function of the seed and the step only.
 */
final class RandomSkipPolicy extends SkipRangePolicy {
  static final String NAME = "random-skip";

  RandomSkipPolicy(Params params, long seed) {
    super(NAME, params, seed);
  }

  @Override
  LayerPlan plan(long step, int layers) {
    int k = checkedCount(layers, "");
    return LayerPlan.skipping(layers, SkipSets.uniform(StepRandom.of(seed, step), range.lo(layers),
        range.size(layers), k));
  }
}
