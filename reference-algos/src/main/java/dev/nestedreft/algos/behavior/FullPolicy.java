package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;

/** {@code full}: every step runs every layer, {@code P = (0, 1, …, L − 1)}: standard ReFT's on-policy rollouts. */
final class FullPolicy extends SeededPolicy {
  static final String NAME = "full";

  FullPolicy(Params params, long seed) {
    super(NAME, params.owner(), seed);
  }

  @Override
  LayerPlan plan(long step, int layers) {
    return LayerPlan.full(layers);
  }
}
