package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/** {@code fixed}: the same nested plan every step, {@code {0, …, L − 1} \ S} for a given skip list {@code S}. */
final class FixedSkipPolicy implements BehaviorPolicy {
  static final String NAME = "fixed";

  private final String owner;
  private final int[] skip;
  private final long seed;

  FixedSkipPolicy(String owner, int[] skip, long seed) {
    this.owner = owner;
    this.skip = skip.clone();
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlanDraw draw(long step, ModelSpec spec) {
    try {
      return new PlanDraw(LayerPlan.skipping(spec.numHiddenLayers(), skip), NAME, step, seed);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(owner + ": parameter 'skip': " + e.getMessage(), e);
    }
  }
}
