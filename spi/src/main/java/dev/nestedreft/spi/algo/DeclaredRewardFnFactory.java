package dev.nestedreft.spi.algo;

import java.util.function.Function;

/** A {@link RewardFnFactory} made of a {@link ComponentSpec} and a constructor function. */
public abstract class DeclaredRewardFnFactory extends DeclaredFactory<RewardFn> implements RewardFnFactory {
  protected DeclaredRewardFnFactory(ComponentSpec spec, Function<Params, ? extends RewardFn> build) {
    super(spec, build);
  }

  @Override
  public final RewardFn create(Params params) {
    return build(params);
  }
}
