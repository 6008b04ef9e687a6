package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link RandomSkipPolicy} ({@code random-skip}); parameters {@code k} or {@code fraction} (exactly one),
 * and {@code protect_ends} (default true) or {@code min_layer}/{@code max_layer} for the skippable range.
 */
public final class RandomSkipPolicyFactory implements BehaviorPolicyFactory {
  @Override
  public String name() {
    return RandomSkipPolicy.NAME;
  }

  @Override
  public String description() {
    return "Nested-ReFT: each step skips k (or round(fraction·L)) layers drawn uniformly without replacement "
        + "from [min_layer, max_layer], by default [1, L-2]; seeded per (seed, step)";
  }

  @Override
  public BehaviorPolicy create(Params params, long seed) {
    params.allowOnly("k", "fraction", "protect_ends", "min_layer", "max_layer");
    return new RandomSkipPolicy(params.owner(), SkipCount.parse(params), SkipRange.parse(params), seed);
  }
}
