package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;

/** Creates {@link EarlyExitPolicy} ({@code early-exit}); parameter {@code k} or {@code fraction}, exactly one. */
public final class EarlyExitPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public EarlyExitPolicyFactory() {
    super(ComponentSpec.of(EarlyExitPolicy.NAME,
        "drops the top k (or round(fraction·L)) layers every step: runs layers 0..L-k-1", SkipCount.PARAMS),
        EarlyExitPolicy::new);
  }
}
