package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link FullPolicy} ({@code full}); takes no parameters. */
public final class FullPolicyFactory implements BehaviorPolicyFactory {
  @Override
  public String name() {
    return FullPolicy.NAME;
  }

  @Override
  public String description() {
    return "every layer, every step: standard ReFT (on-policy rollouts)";
  }

  @Override
  public BehaviorPolicy create(Params params, long seed) {
    params.allowOnly();
    return new FullPolicy(seed);
  }
}
