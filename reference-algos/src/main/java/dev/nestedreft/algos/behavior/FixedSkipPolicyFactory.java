package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;

/**
 * Creates {@link FixedSkipPolicy} ({@code fixed}); parameter {@code skip}, required: the layers to skip,
 * semicolon-separated ({@code skip=3;5}; commas separate parameters). Range checks against the model happen at
 * the draw.
 */
public final class FixedSkipPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public FixedSkipPolicyFactory() {
    super(ComponentSpec.of(FixedSkipPolicy.NAME, "the same nested plan every step: skips the layers of skip=i;j;...",
        ParamSpec.described(ParamInfo.of("skip", null, "required: the layers to skip, i;j;..."))),
        FixedSkipPolicy::new);
  }
}
