package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/**
 * {@code block}: skips the contiguous block {@code S = {b, b + 1, …, b + k − 1}} inside the skippable range
 * {@code [lo, hi]} (by default {@code [1, L − 2]}). With a fixed {@code start} the block is {@code b = start} every
 * step; otherwise {@code b} is uniform on {@code {lo, …, hi − k + 1}}, drawn from
 * {@link StepRandom#of(long, long) StepRandom.of(seed, step)}.
 */
final class BlockSkipPolicy implements BehaviorPolicy {
  static final String NAME = "block";

  private final String owner;
  private final SkipCount count;
  private final SkipRange range;
  private final Integer start;
  private final long seed;

  /** @param start the fixed first skipped layer, or null for a random one each step */
  BlockSkipPolicy(String owner, SkipCount count, SkipRange range, Integer start, long seed) {
    this.owner = owner;
    this.count = count;
    this.range = range;
    this.start = start;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlanDraw draw(long step, ModelSpec spec) {
    int layers = spec.numHiddenLayers();
    int k = range.checkedCount(count, layers, owner, "a block of ");
    int lo = range.lo(layers);
    int hi = range.hi(layers);
    int size = range.size(layers);
    if (k == 0) {
      return new PlanDraw(spec.fullPlan(), NAME, step, seed);
    }
    int first;
    if (start != null) {
      if (start < lo || start + k - 1 > hi) {
        throw InvalidInputException.of("%s: parameter 'start': the block %d..%d (start=%d, k=%d) leaves the "
            + "skippable range %s of the %d-layer model", owner, start, start + k - 1, start, k,
            range.describe(layers), layers);
      }
      first = start;
    } else {
      first = lo + StepRandom.of(seed, step).nextInt(size - k + 1);
    }
    int[] skip = new int[k];
    for (int i = 0; i < k; i++) {
      skip[i] = first + i;
    }
    return new PlanDraw(LayerPlan.skipping(layers, skip), NAME, step, seed);
  }
}
