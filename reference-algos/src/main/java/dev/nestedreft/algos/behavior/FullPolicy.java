package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.ModelSpec;

/** {@code full}: every step runs every layer, {@code P = (0, 1, …, L − 1)}: standard ReFT's on-policy rollouts. */
final class FullPolicy implements BehaviorPolicy {
  static final String NAME = "full";

  private final long seed;

  FullPolicy(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlanDraw draw(long step, ModelSpec spec) {
    return new PlanDraw(spec.fullPlan(), NAME, step, seed);
  }
}
