package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link EarlyExitPolicy} ({@code early-exit}); parameter {@code k} or {@code fraction}, exactly one. */
public final class EarlyExitPolicyFactory implements BehaviorPolicyFactory {
  @Override
  public String name() {
    return EarlyExitPolicy.NAME;
  }

  @Override
  public String description() {
    return "drops the top k (or round(fraction·L)) layers every step: runs layers 0..L-k-1";
  }

  @Override
  public BehaviorPolicy create(Params params, long seed) {
    params.allowOnly("k", "fraction");
    return new EarlyExitPolicy(params.owner(), SkipCount.parse(params), seed);
  }
}
