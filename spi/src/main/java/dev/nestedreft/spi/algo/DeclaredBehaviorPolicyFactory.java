package dev.nestedreft.spi.algo;

import java.util.function.LongFunction;

/**
 * A {@link BehaviorPolicyFactory} made of a {@link ComponentSpec} and a constructor that also takes the seed, for
 * instance {@code super(ComponentSpec.of("full", "..."), (params, seed) -> new FullPolicy(seed))}.
 */
public abstract class DeclaredBehaviorPolicyFactory extends DeclaredFactory<LongFunction<BehaviorPolicy>>
    implements BehaviorPolicyFactory {
  /** Builds a policy from parameters whose names are checked, and the seed of its draws. */
  @FunctionalInterface
  public interface Creator {
    BehaviorPolicy create(Params params, long seed);
  }

  protected DeclaredBehaviorPolicyFactory(ComponentSpec spec, Creator creator) {
    super(spec, params -> seed -> creator.create(params, seed));
  }

  @Override
  public final BehaviorPolicy create(Params params, long seed) {
    return build(params).apply(seed);
  }
}
