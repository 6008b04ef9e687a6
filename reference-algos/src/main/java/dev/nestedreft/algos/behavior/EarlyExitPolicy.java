package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.Arrays;

/**
 * {@code early-exit}: drops the top {@code k} layers every step, {@code P = (0, 1, …, L − k − 1)}; the final norm
 * and head read the hidden state of layer {@code L − k − 1}.
 */
final class EarlyExitPolicy extends SeededPolicy {
  static final String NAME = "early-exit";

  private final SkipCount count;

  EarlyExitPolicy(Params params, long seed) {
    super(NAME, params.owner(), seed);
    this.count = SkipCount.parse(params);
  }

  @Override
  LayerPlan plan(long step, int layers) {
    int k = count.resolve(layers);
    if (k >= layers) {
      throw InvalidInputException.of("%s: %s would drop all %d layers; at least one must run", owner,
          count.describe(layers), layers);
    }
    int[] kept = new int[layers - k];
    Arrays.setAll(kept, i -> i);
    return LayerPlan.of(layers, kept);
  }
}
