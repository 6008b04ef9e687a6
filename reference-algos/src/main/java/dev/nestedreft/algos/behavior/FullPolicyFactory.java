package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;

/** Creates {@link FullPolicy} ({@code full}); takes no parameters. */
public final class FullPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public FullPolicyFactory() {
    super(ComponentSpec.of(FullPolicy.NAME, "every layer, every step: standard ReFT (on-policy rollouts)"),
        FullPolicy::new);
  }
}
