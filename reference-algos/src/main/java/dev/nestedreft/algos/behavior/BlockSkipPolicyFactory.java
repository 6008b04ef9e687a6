package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link BlockSkipPolicy} ({@code block}); parameters {@code k} or {@code fraction} (exactly one),
 * {@code start} (optional; a random start each step when absent), and {@code protect_ends} (default true) or
 * {@code min_layer}/{@code max_layer} for the skippable range.
 */
public final class BlockSkipPolicyFactory implements BehaviorPolicyFactory {
  @Override
  public String name() {
    return BlockSkipPolicy.NAME;
  }

  @Override
  public String description() {
    return "skips a contiguous block of k (or round(fraction·L)) layers inside [1, L-2] by default; "
        + "at start=b every step, or at a seeded random start per step";
  }

  @Override
  public BehaviorPolicy create(Params params, long seed) {
    params.allowOnly("k", "fraction", "start", "protect_ends", "min_layer", "max_layer");
    Integer start = null;
    if (params.values().containsKey("start")) {
      start = params.getInt("start", 0);
      params.require(start >= 0, "start", "must be >= 0");
    }
    return new BlockSkipPolicy(params.owner(), SkipCount.parse(params), SkipRange.parse(params), start, seed);
  }
}
