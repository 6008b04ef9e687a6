package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.Arrays;

/**
 * {@code early-exit}: drops the top {@code k} layers every step, {@code P = (0, 1, …, L − k − 1)}; the final norm
 * and head read the hidden state of layer {@code L − k − 1}.
 */
final class EarlyExitPolicy implements BehaviorPolicy {
  static final String NAME = "early-exit";

  private final String owner;
  private final SkipCount count;
  private final long seed;

  EarlyExitPolicy(String owner, SkipCount count, long seed) {
    this.owner = owner;
    this.count = count;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlanDraw draw(long step, ModelSpec spec) {
    int layers = spec.numHiddenLayers();
    int k = count.resolve(layers);
    if (k >= layers) {
      throw InvalidInputException.of("%s: %s would drop all %d layers; at least one must run", owner,
          count.describe(layers), layers);
    }
    int[] kept = new int[layers - k];
    Arrays.setAll(kept, i -> i);
    return new PlanDraw(LayerPlan.of(layers, kept), NAME, step, seed);
  }
}
