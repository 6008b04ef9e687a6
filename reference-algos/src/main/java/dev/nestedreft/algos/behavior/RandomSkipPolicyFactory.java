package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;

/**
 * Creates {@link RandomSkipPolicy} ({@code random-skip}); parameters {@code k} or {@code fraction} (exactly one),
 * and {@code protect_ends} (default true) or {@code min_layer}/{@code max_layer} for the skippable range.
 */
public final class RandomSkipPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public RandomSkipPolicyFactory() {
    super(ComponentSpec.of(RandomSkipPolicy.NAME, "Nested-ReFT: each step skips k (or round(fraction·L)) layers "
        + "drawn uniformly without replacement from [min_layer, max_layer], by default [1, L-2]; seeded per "
        + "(seed, step)", SkipCount.PARAMS, SkipRange.PARAMS), RandomSkipPolicy::new);
  }
}
