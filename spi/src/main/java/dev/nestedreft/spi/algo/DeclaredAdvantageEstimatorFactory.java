package dev.nestedreft.spi.algo;

import java.util.function.Function;

/** An {@link AdvantageEstimatorFactory} made of a {@link ComponentSpec} and a constructor function. */
public abstract class DeclaredAdvantageEstimatorFactory extends DeclaredFactory<AdvantageEstimator>
    implements AdvantageEstimatorFactory {
  protected DeclaredAdvantageEstimatorFactory(ComponentSpec spec,
      Function<Params, ? extends AdvantageEstimator> build) {
    super(spec, build);
  }

  @Override
  public final AdvantageEstimator create(Params params) {
    return build(params);
  }
}
