package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.Arrays;

/**
 * {@code block}: skips the contiguous block {@code S = {b, b + 1, …, b + k − 1}} inside the skippable range
 * {@code [lo, hi]} (by default {@code [1, L − 2]}). With a fixed {@code start} the block is {@code b = start} every
 * step; otherwise {@code b} is uniform on {@code {lo, …, hi − k + 1}}, drawn from
 * {@link StepRandom#of(long, long) StepRandom.of(seed, step)}.
 */
final class BlockSkipPolicy extends SkipRangePolicy {
  static final String NAME = "block";

  private final Integer start;

  /** @param start the fixed first skipped layer, or null for a random one each step */
  BlockSkipPolicy(Params params, Integer start, long seed) {
    super(NAME, params, seed);
    this.start = start;
  }

  @Override
  LayerPlan plan(long step, int layers) {
    int k = checkedCount(layers, "a block of ");
    int lo = range.lo(layers);
    int hi = range.hi(layers);
    int size = range.size(layers);
    if (k == 0) {
      return LayerPlan.full(layers);
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
    Arrays.setAll(skip, i -> first + i);
    return LayerPlan.skipping(layers, skip);
  }
}
