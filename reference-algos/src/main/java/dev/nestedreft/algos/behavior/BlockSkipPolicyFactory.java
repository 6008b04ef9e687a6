package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link BlockSkipPolicy} ({@code block}); parameters {@code k} or {@code fraction} (exactly one),
 * {@code start} (optional; a random start each step when absent), and {@code protect_ends} (default true) or
 * {@code min_layer}/{@code max_layer} for the skippable range.
 */
public final class BlockSkipPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public BlockSkipPolicyFactory() {
    super(ComponentSpec.of(BlockSkipPolicy.NAME, "skips a contiguous block of k (or round(fraction·L)) layers "
        + "inside [1, L-2] by default; at start=b every step, or at a seeded random start per step",
        SkipCount.PARAMS, ParamSpec.described(ParamInfo.of("start", null,
            "first skipped layer, >= 0; a seeded random start each step when absent")), SkipRange.PARAMS),
        (params, seed) -> new BlockSkipPolicy(params, start(params), seed));
  }

  /** The fixed start, or null when absent; read before the count and the range. */
  private static Integer start(Params params) {
    if (!params.values().containsKey("start")) {
      return null;
    }
    int start = params.getInt("start", 0);
    params.require(start >= 0, "start", "must be >= 0");
    return start;
  }
}
