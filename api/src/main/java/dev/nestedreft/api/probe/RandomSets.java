package dev.nestedreft.api.probe;

import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The baseline a searched skip set is compared with: what the {@code random-skip} behavior policy draws for the same
 * size and range with the probe's seed, its first distinct sets. Each draw is uniform over the sets, so the first
 * distinct ones are a uniformly random choice of sets, and their mean estimates random-skip's expected cost without
 * bias; distinct sets spend the probes better than repeats (a few consecutive steps can draw the same set).
 */
final class RandomSets {
  static final String POLICY = "random-skip";
  /** Steps drawn per set asked for before giving up on finding more distinct sets (a small range has few). */
  private static final int STEPS_PER_SET = 100;

  private RandomSets() {}

  /**
   * Up to {@code count} distinct plans of {@code k} skipped layers, in the order random-skip first draws them at
   * steps 0, 1, ...; fewer only when the range holds fewer sets.
   */
  static List<LayerPlan> draw(Algorithms algorithms, ModelSpec spec, int k, boolean protectEnds, long seed,
      int count) {
    BehaviorPolicy policy = algorithms.behavior(POLICY, Params.of("behavior '" + POLICY + "'",
        Map.of("k", Integer.toString(k), "protect_ends", Boolean.toString(protectEnds))), seed);
    Set<LayerPlan> out = new LinkedHashSet<>();
    for (long step = 0; out.size() < count && step < (long) STEPS_PER_SET * count; step++) {
      out.add(policy.draw(step, spec).plan());
    }
    return List.copyOf(out);
  }
}
