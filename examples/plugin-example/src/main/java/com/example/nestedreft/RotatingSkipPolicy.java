package com.example.nestedreft;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.Arrays;

/**
 * {@code rotating-skip}: skips a window of {@code k} consecutive interior layers that moves one layer per step,
 * wrapping around: at step {@code s} of an {@code L}-layer model it skips {@code 1 + ((s + i) mod (L − 2))} for
 * {@code i < k}. The first and last layers always run; every interior layer is skipped equally often. A function
 * of the step only (the seed is recorded, not used).
 */
final class RotatingSkipPolicy implements BehaviorPolicy {
  static final String NAME = "rotating-skip";

  private final int k;
  private final long seed;

  RotatingSkipPolicy(int k, long seed) {
    this.k = k;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlanDraw draw(long step, ModelSpec spec) {
    int layers = spec.numHiddenLayers();
    int interior = layers - 2;
    if (k > interior) {
      throw InvalidInputException.of("behavior '%s': parameter 'k'=%d, but the %d-layer model has only %d interior "
          + "layers", NAME, k, layers, Math.max(0, interior));
    }
    int[] skip = new int[k];
    int first = interior == 0 ? 0 : (int) Math.floorMod(step, (long) interior);
    for (int i = 0; i < k; i++) {
      skip[i] = 1 + (first + i) % interior;
    }
    Arrays.sort(skip);
    return new PlanDraw(LayerPlan.skipping(layers, skip), NAME, step, seed);
  }
}
